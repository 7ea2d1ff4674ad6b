"""Help: every key binding, generated from the bindings themselves (remaps included)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from annotator.tui import keymap


def binding_rows(app, label_keys: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(where, keys, what, id) for every binding, with the keys in force after remapping."""
    remapped = getattr(app, "_keymap", None) or {}
    rows = []
    for where, bindings in (("annotate", keymap.ANNOTATE), ("documents", keymap.PROJECT),
                            ("variants", keymap.VARIANTS),
                            ("suggestions", keymap.SUGGESTIONS), ("review", keymap.REVIEW),
                            ("agreement", keymap.AGREEMENT), ("everywhere", keymap.APP)):
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            keys = remapped.get(binding.id, binding.key) if binding.id else binding.key
            rows.append((where, keymap.shown_keys(keys), keymap.what(binding), binding.id or ""))
    for key, label in sorted(label_keys.items()):
        rows.append(("annotate", key, f"label {label} (or relabel the span)", "labels"))
    return rows


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > DataTable { width: 80; max-width: 100%; height: 80%; border: thick $primary; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "close", id="close-help")]

    def compose(self) -> ComposeResult:
        yield Static("Keys (remap them in ~/.config/annotator/keymap.toml by id)")
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("keys", "what", "id")
        project = self.app.project  # type: ignore[attr-defined]
        labels = {label.key: label.name for label in project.labels().labels if label.key}
        where = None
        for place, keys, what, binding_id in binding_rows(self.app, labels):
            if place != where:  # a heading row per screen: narrower than a column of them
                where = place
                table.add_row(Text(place, style="bold reverse"), "", "")
            table.add_row(Text(keys), Text(what), Text(binding_id))
        table.focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
