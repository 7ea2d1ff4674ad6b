"""A yes/no question. Returns True for yes (y or Enter), False for no (n or Esc)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 72; max-width: 95%; height: auto; border: thick $warning;
                         background: $surface; padding: 0 1; }
    Confirm #question { margin-top: 1; text-style: bold; }
    """
    BINDINGS = [Binding("y,enter", "answer(True)", "yes", id="confirm-yes"),
                Binding("n,escape", "answer(False)", "no", id="confirm-no")]

    def __init__(self, situation: str, question: str) -> None:
        super().__init__()
        self.situation, self.question = situation, question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.situation))
            yield Label(Text.assemble(self.question, ("  y / n", "dim")), id="question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
