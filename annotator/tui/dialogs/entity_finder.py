"""Pick the entity a span belongs to, by fuzzy search, or create one with a canonical form.
Returns the entity id, the canonical form of a new entity (str), or None when cancelled."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.core.models import Entity

NEW = "__new__"


class EntityFinder(ModalScreen[int | str | None]):
    DEFAULT_CSS = """
    EntityFinder { align: center middle; }
    EntityFinder > Vertical { width: 60; height: 20; border: thick $primary; background: $surface;
                              padding: 0 1; }
    EntityFinder OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel", id="cancel-dialog")]

    def __init__(self, entities: list[Entity], surface: str, title: str,
                 allow_new: bool = True) -> None:
        super().__init__()
        self.entities, self.surface, self.heading = entities, surface, title
        self.allow_new = allow_new

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text.assemble((self.heading, "bold"), ("  Enter picks, Esc cancels",
                                                             "dim")))
            yield Input(value=self.surface,
                        placeholder="search entities or type a new canonical form")
            yield OptionList()

    def on_mount(self) -> None:
        self.fill(self.surface)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        matcher = Matcher(query) if query else None
        scored = []
        for entity in self.entities:
            names = [entity.canonical, *entity.forms]
            score = max((matcher.match(n) for n in names), default=0) if matcher else 1
            if score > 0:
                scored.append((score, entity))
        for _, entity in sorted(scored, key=lambda item: -item[0])[:50]:
            forms = ", ".join(f for f in entity.forms if f != entity.canonical)
            text = Text.assemble(entity.canonical, (f"  {entity.label or ''} {forms}", "dim"))
            options.add_option(Option(text, id=str(entity.id)))
        wanted = query.strip()
        if self.allow_new and wanted and not any(e.canonical == wanted for e in self.entities):
            options.add_option(Option(Text.assemble("+ new entity ", (wanted, "bold")), id=NEW))
        if options.option_count:
            options.highlighted = 0

    def on_input_submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option.id)

    def choose(self, option_id: str | None) -> None:
        if option_id == NEW:
            self.dismiss(self.query_one(Input).value.strip())
        elif option_id is not None:
            self.dismiss(int(option_id))

    def key_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def key_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
