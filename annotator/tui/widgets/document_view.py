"""The document text with its spans, a token cursor and a selection.

Renders line by line (Textual's Line API): only the visible lines are drawn, so a 200 KB
document scrolls and takes labels as fast as a short one. The widget owns no data: the
screen gives it the text, tokens and spans, and reads the selection back.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.core.models import Span
from annotator.core.tokenize import Token


@dataclass(frozen=True)
class Selection:
    start: int
    end: int


class DocumentView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    DocumentView { padding: 0 1; }
    """

    class CursorMoved(Message):
        """The cursor or the selection changed: the screen updates its side panel."""

        def __init__(self, view: DocumentView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.tokens: list[Token] = []
        self._token_starts: list[int] = []
        self.spans: list[Span] = []
        self._span_starts: list[int] = []
        self._longest_span = 0
        self.label_colors: dict[str, str] = {}
        self.cursor = 0
        self.selection_anchor: int | None = None
        self._start_shift = 0
        self._end_shift = 0
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._wrapped_for = -1

    # -- data from the screen ------------------------------------------------------------

    def load(self, text: str, tokens: list[Token], spans: list[Span], label_colors: dict[str, str],
             cursor_offset: int = 0) -> None:
        self.text, self.tokens, self.label_colors = text, tokens, label_colors
        self._token_starts = [t.start for t in tokens]
        self.set_spans(spans)
        self.selection_anchor = None
        self._start_shift = self._end_shift = 0
        self.cursor = max(0, bisect_right(self._token_starts, cursor_offset) - 1)
        self._wrapped_for = -1
        self._rewrap()
        self.scroll_to(0, 0, animate=False)
        self._cursor_into_view()
        self.post_message(self.CursorMoved(self))

    def set_spans(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self._span_starts = [s.start for s in self.spans]
        self._longest_span = max((s.end - s.start for s in self.spans), default=0)
        self.refresh()

    # -- what the screen reads -------------------------------------------------------------

    @property
    def cursor_token(self) -> Token | None:
        return self.tokens[self.cursor] if self.tokens else None

    @property
    def selection(self) -> Selection | None:
        """The selected characters: the tokens from anchor to cursor, adjusted by character."""
        if not self.tokens:
            return None
        anchor = self.cursor if self.selection_anchor is None else self.selection_anchor
        first, last = sorted((self.cursor, anchor))
        start = self.tokens[first].start + self._start_shift
        end = self.tokens[last].end + self._end_shift
        start, end = max(0, start), min(len(self.text), end)
        return Selection(start, end) if end > start else None

    @property
    def has_selection(self) -> bool:
        return self.selection_anchor is not None or bool(self._start_shift or self._end_shift)

    def spans_at_cursor(self) -> list[Span]:
        """Spans under the cursor token, innermost first."""
        token = self.cursor_token
        if token is None:
            return []
        found = [s for s in self._spans_between(token.start, token.end)
                 if s.start < token.end and token.start < s.end]
        return sorted(found, key=lambda s: (s.end - s.start, s.status != "accepted"))

    # -- moving ------------------------------------------------------------------------------

    def move(self, tokens: int, *, extend: bool = False) -> None:
        if not self.tokens:
            return
        if extend and self.selection_anchor is None:
            self.selection_anchor = self.cursor
        if not extend:
            self.selection_anchor = None
            self._start_shift = self._end_shift = 0
        self._set_cursor(min(max(self.cursor + tokens, 0), len(self.tokens) - 1))

    def move_lines(self, lines: int, *, extend: bool = False) -> None:
        token = self.cursor_token
        if token is None:
            return
        line = self._line_of(token.start)
        column = token.start - self._lines[line][0]
        target = min(max(line + lines, 0), len(self._lines) - 1)
        # Blank lines (between paragraphs) hold no token: go on to the next line that does.
        step = 1 if lines > 0 else -1
        while 0 <= target + step < len(self._lines) and not self._has_token(*self._lines[target]):
            target += step
        start, end = self._lines[target]
        index = bisect_right(self._token_starts, min(start + column, max(end - 1, start))) - 1
        self.move(max(index, 0) - self.cursor, extend=extend)

    def _has_token(self, start: int, end: int) -> bool:
        index = bisect_left(self._token_starts, start)
        return index < len(self._token_starts) and self._token_starts[index] < max(end, start + 1)

    def go_to_offset(self, offset: int) -> None:
        self.selection_anchor = None
        self._start_shift = self._end_shift = 0
        self._set_cursor(max(0, bisect_right(self._token_starts, offset) - 1))

    def shift_edge(self, edge: str, characters: int) -> None:
        """Grow or shrink the selection by characters at its start or end."""
        if edge == "start":
            self._start_shift += characters
        else:
            self._end_shift += characters
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def clear_selection(self) -> None:
        self.selection_anchor = None
        self._start_shift = self._end_shift = 0
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def _set_cursor(self, index: int) -> None:
        before = self.cursor_token
        self.cursor = index
        scrolled = self._cursor_into_view()
        if self.has_selection or scrolled or before is None:
            self.refresh()
        else:
            # Only the lines the cursor left and entered change.
            self._refresh_lines({self._line_of(before.start), self._line_of(before.end - 1),
                                 *self._cursor_lines()})
        self.post_message(self.CursorMoved(self))

    def _cursor_lines(self) -> set[int]:
        token = self.cursor_token
        return {self._line_of(token.start), self._line_of(token.end - 1)} if token else set()

    def _refresh_lines(self, lines: set[int]) -> None:
        top = int(self.scroll_offset.y)
        for line in lines:
            self.refresh(Region(0, line - top, self.size.width, 1))

    def _cursor_into_view(self) -> bool:
        """Scroll so the cursor is visible; True when it scrolled."""
        token = self.cursor_token
        if token is None or not self._lines:
            return False
        line = self._line_of(token.start)
        top, height = int(self.scroll_offset.y), max(self.size.height, 1)
        if line < top:
            self.scroll_to(y=line, animate=False)
            return True
        if line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False)
            return True
        return False

    def on_click(self, event: Click) -> None:
        """A click puts the cursor on the clicked word; shift+click extends the selection."""
        offset = event.get_content_offset(self)
        if offset is None or not self._lines:
            return
        line = min(offset.y + int(self.scroll_offset.y), len(self._lines) - 1)
        start, end = self._lines[line]
        character = min(start + offset.x + int(self.scroll_offset.x), max(end - 1, start))
        index = max(0, bisect_right(self._token_starts, character) - 1)
        self.move(index - self.cursor, extend=event.shift)

    # -- layout and drawing ------------------------------------------------------------------

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = max(self.scrollable_content_region.width, 10)
        if width == self._wrapped_for:
            return
        self._wrapped_for = width
        self._lines = list(_wrap(self.text, width))
        self._line_starts = [start for start, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _line_of(self, offset: int) -> int:
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def _spans_between(self, start: int, end: int) -> list[Span]:
        first = bisect_left(self._span_starts, start - self._longest_span)
        last = bisect_left(self._span_starts, end)
        return [s for s in self.spans[first:last] if s.end > start]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_offset.y)
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[index]
        spans = self._spans_between(start, end)
        selection = self.selection if self.has_selection else None
        token = self.cursor_token
        cuts = {start, end}
        for span in spans:
            cuts.update((max(span.start, start), min(span.end, end)))
        for mark in ((selection.start, selection.end) if selection else ()) + \
                ((token.start, token.end) if token else ()):
            if start < mark < end:
                cuts.add(mark)
        points = sorted(cuts)
        segments = []
        for a, b in zip(points, points[1:], strict=False):
            style = base + self._style_at(a, spans, selection, token)
            segments.append(Segment(self.text[a:b].replace("\t", " "), style))
        left = int(self.scroll_offset.x)
        return Strip(segments).crop_extend(left, left + width, base)

    def _style_at(self, offset: int, spans: list[Span], selection: Selection | None,
                  token: Token | None) -> Style:
        style = Style()
        covering = sorted((s for s in spans if s.start <= offset < s.end),
                          key=lambda s: s.start - s.end)
        for span in covering:
            color = self.label_colors.get(span.label, "#888888")
            if span.status == "accepted":
                style += Style(bgcolor=color, color="black")
            else:
                style += Style(color=color, underline=True, italic=True)
        if selection and selection.start <= offset < selection.end:
            style += Style(reverse=True)
        if token and token.start <= offset < token.end:
            style += Style(bold=True, underline=True, reverse=not self.has_selection)
        return style


def _wrap(text: str, width: int):
    """(start, end) of each visual line: paragraphs split at newlines, wrapped at spaces."""
    position = 0
    for paragraph in text.split("\n"):
        start, end_of_paragraph = position, position + len(paragraph)
        if start == end_of_paragraph:
            yield start, start
        while start < end_of_paragraph:
            end = min(start + width, end_of_paragraph)
            if end < end_of_paragraph:
                space = text.rfind(" ", start, end + 1)
                if space > start:
                    end = space + 1
            yield start, end
            start = end
        position = end_of_paragraph + 1


