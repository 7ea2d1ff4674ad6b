"""Accept a suggested cluster as one entity: its canonical form and its type. Returns
(canonical, type or None), or None when cancelled."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

if TYPE_CHECKING:
    from annotator.tui.screens.base import AppScreen
    from annotator.variants.suggest import Suggestion


class AcceptVariants(ModalScreen[tuple[str, str | None] | None]):
    DEFAULT_CSS = """
    AcceptVariants { align: center middle; }
    AcceptVariants > Vertical { width: 64; height: auto; border: thick $primary;
                                background: $surface; padding: 0 1; }
    AcceptVariants #accept-problem { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel", id="cancel-accept")]

    def __init__(self, forms: list[str], canonical: str, label: str | None,
                 labels: list[str], warning: str = "") -> None:
        super().__init__()
        self.forms, self.canonical, self.label, self.labels = forms, canonical, label, labels
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"One entity: {' / '.join(self.forms)}"))
            if self.warning:
                yield Label(Text(f"Homonyms? {self.warning}", style="bold red"))
            yield Label("Canonical form")
            yield Input(value=self.canonical, id="accept-canonical", compact=True)
            yield Label(Text(f"Type ({', '.join(self.labels)}; empty: none)"))
            yield Input(value=self.label or "", id="accept-type", compact=True)
            yield Label("", id="accept-problem")

    def on_input_submitted(self) -> None:
        canonical = self.query_one("#accept-canonical", Input).value.strip()
        label = self.query_one("#accept-type", Input).value.strip()
        known = {name.casefold(): name for name in self.labels}
        problem = self.query_one("#accept-problem", Label)
        if not canonical:
            problem.update("the canonical form cannot be empty")
        elif label and label.casefold() not in known:
            problem.update(Text(f"no label {label!r}: one of {', '.join(self.labels)}"))
        else:
            self.dismiss((canonical, known[label.casefold()] if label else None))

    def action_cancel(self) -> None:
        self.dismiss(None)


def accept_suggestion(screen: AppScreen, suggestion: Suggestion,
                      done: Callable[[str], None]) -> None:
    """Ask for the canonical form and type (the usual label of the spellings proposed), then
    record the cluster as one entity; `done(message)` after it is saved."""
    from annotator.tui.screens.base import FAILED

    labels = screen.attempt(lambda: screen.project.labels().names())
    label = screen.attempt(screen.project.usual_label, suggestion.variants)
    if labels is FAILED or label is FAILED:
        return

    def answered(choice: tuple[str, str | None] | None) -> None:
        if choice is None:
            return
        canonical, chosen = choice
        entity = screen.attempt(screen.project.accept_variants, suggestion.variants,
                                canonical=canonical, label=chosen)
        if entity is not FAILED:
            done(f"{' / '.join(suggestion.variants)} are one entity: "
                 f"{entity.canonical} ({entity.label or 'no type'})")

    screen.app.push_screen(AcceptVariants(suggestion.variants, suggestion.canonical, label,
                                          labels, suggestion.homonym), answered)
