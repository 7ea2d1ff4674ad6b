"""The pane under the document: the cursor's sentence and its stored translations, and the
progress of a translation running in the background."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from annotator.core.translations import DocumentTranslation


class TranslationPane(Vertical):
    DEFAULT_CSS = """
    TranslationPane { height: auto; max-height: 16; overflow-y: auto; padding: 0 1;
                      border-top: solid $primary-darken-2; display: none; }
    TranslationPane.shown { display: block; }
    TranslationPane #translation-progress { display: none; height: 1; }
    TranslationPane.busy #translation-progress { display: block; }
    TranslationPane #translation-text { height: auto; }
    """

    _shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="translation-text")
        yield ProgressBar(id="translation-progress", show_eta=False)

    def show(self, source: str | None, translations: dict[str, DocumentTranslation],
             offset: int) -> None:
        """The sentence around `offset` in each stored language; redrawn only on change."""
        lines = []
        for lang, translation in sorted(translations.items(), key=_reading_order):
            sentence = translation.sentence_at(offset)
            if sentence is not None:
                lines.append((lang, translation.route, sentence.start, sentence.end,
                              sentence.text))
        key = (source is None, tuple(lines))
        if key == self._shown:
            return
        self._shown = key
        text = Text()
        if not lines:
            text.append("no translation stored for this document; ", style="dim")
            text.append("T", style="bold")
            text.append(" translates it to Russian and Kazakh", style="dim")
        elif source is not None:
            start, end = lines[0][2], lines[0][3]
            text.append(source[start:end] + "\n", style="dim")
        for lang, route, _, _, translated in lines:
            text.append(f"{lang} ", style="bold reverse")
            text.append(f" {translated}")
            text.append(f"  ({route.replace('>', '→')})\n", style="dim")
        self.query_one("#translation-text", Static).update(text)

    def progress(self, done: int, total: int, message: str) -> None:
        self.add_class("busy")
        self.query_one("#translation-progress", ProgressBar).update(total=total, progress=done)
        self.query_one("#translation-text", Static).update(Text(message, style="dim"))
        self._shown = None

    def idle(self) -> None:
        self.remove_class("busy")


def _reading_order(item: tuple[str, DocumentTranslation]) -> tuple[int, str]:
    order = ("ru", "kk")
    return (order.index(item[0]) if item[0] in order else len(order), item[0])
