"""Review: one document with every annotator's spans, for a reviewer to settle into gold.
Each row is one span as one or more annotators made it, with a mark per annotator and
whether gold has it; open disputes stand out. The text around the highlighted span is
shown above, with gold underlined."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from annotator.core.escape import one_line
from annotator.store.adjudication import Candidate, ReviewDocument
from annotator.tui import keymap
from annotator.tui.dialogs.confirm import Confirm
from annotator.tui.screens.base import FAILED, AppScreen

CONTEXT = 110  # characters of text shown on each side of the highlighted span
MADE, NOT_MADE = "✓", "·"


def may_review(project) -> str | None:
    """Why you may not review here, if you may not."""
    if project.workflow != "double":
        return ("review settles double annotation; this project is shared "
                "(`annotator project workflow double` switches it)")
    if project.members() and project.role_of() == "annotator":
        return "only reviewers and the owner adjudicate; you annotate in this project"
    return None


class ReviewScreen(AppScreen):
    BINDINGS = keymap.REVIEW

    def __init__(self, doc_ids: list[str], index: int) -> None:
        super().__init__()
        self.doc_ids, self.index = doc_ids, index
        self.document: ReviewDocument | None = None
        self.rows: list[Candidate] = []

    @property
    def doc_id(self) -> str:
        return self.doc_ids[self.index]

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield Static(id="context")
        yield DataTable(id="candidates", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def refresh_view(self) -> None:
        self.load()

    def load(self) -> None:
        document = self.attempt(self.project.review, self.doc_id)
        if document is FAILED:
            return
        self.document = document
        in_candidates = {c.key() for c in document.candidates}
        # Gold spans no annotator made (a reviewer's own) are rows too, marked by no one.
        extra = [Candidate(s.start, s.end, s.label, {}, s.entity_id, True)
                 for s in document.gold if (s.start, s.end, s.label) not in in_candidates]
        self.rows = sorted([*document.candidates, *extra], key=lambda c: (c.start, c.end,
                                                                          c.label))
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column("span", width=22)
        table.add_column("label", width=8)
        for name in document.annotators:
            unfinished = "" if name in document.finished else "*"
            table.add_column(Text(f"{name[:7]}{unfinished}"), width=max(3, min(8, len(name) + 1)))
        table.add_column("gold", width=5)
        disputed = {c.key() for c in document.disputed()}
        open_ = {c.key() for c in document.open_disputes()}
        for row in self.rows:
            style = ("bold yellow" if row.key() in open_ else
                     "" if row.key() in disputed or not row.by else "green")
            surface = one_line(document.text[row.start:row.end])
            gold = "✓" if row.in_gold else "✗" if row.rejected else ""
            table.add_row(Text(surface[:22], style=style), Text(row.label, style=style),
                          *(Text(MADE if name in row.by else NOT_MADE, style=style)
                            for name in document.annotators),
                          Text(gold, style="bold"))
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        self.update_title()
        self.update_context()

    def update_title(self) -> None:
        document = self.document
        if document is None:
            return
        adjudicated = self.attempt(self.project.adjudication_progress)
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(self.doc_id, style="bold")
        title.append(f" · review {self.index + 1}/{len(self.doc_ids)} · ", style="dim")
        title.append(" gold (adjudicated) ", style="bold reverse")
        state = "adjudicated" if document.status == "done" else "open"
        title.append(f" {state} · {len(document.open_disputes())} disputes open")
        if adjudicated is not FAILED:
            title.append(f" · {adjudicated[0]}/{adjudicated[1]} adjudicated", style="dim")
        self.query_one("#title", Static).update(title, layout=False)

    def on_data_table_row_highlighted(self) -> None:
        self.update_context()

    def update_context(self) -> None:
        document, row = self.document, self.current()
        context = self.query_one("#context", Static)
        if document is None or row is None:
            context.update(Text("no annotator has made a span in this document yet",
                                style="dim"))
            return
        text = document.text
        first, last = max(0, row.start - CONTEXT), min(len(text), row.end + CONTEXT)
        if first:  # start at a word
            space = text.find(" ", first, row.start)
            first = space + 1 if space >= 0 else first
        shown = Text(one_line(text[first:last]))
        for span in document.gold:
            if span.start < last and first < span.end:
                shown.stylize("underline", max(span.start, first) - first,
                              min(span.end, last) - first)
        shown.stylize("bold reverse", row.start - first, row.end - first)
        by = ", ".join(row.by) or "a reviewer"
        shown.append(f"\n{row.label} by {by}", style="dim")
        if row.entity is not None:
            shown.append(f" · entity {row.entity}", style="dim")
        context.update(shown)

    def current(self) -> Candidate | None:
        table = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    # -- actions ------------------------------------------------------------------------------

    def action_take(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.in_gold:
            return self.note("gold has this span already")
        span_id = next(iter(row.by.values()))
        if self.attempt(self.project.take_span, span_id) is not FAILED:
            self.load()
            self.saved(f"took {row.label} by {', '.join(row.by)} into gold")

    def action_take_agreed(self) -> None:
        taken = self.attempt(self.project.take_agreed, self.doc_id)
        if taken is not FAILED:
            self.load()
            self.saved(f"took {taken} agreed span(s) into gold")

    def action_reject(self) -> None:
        row = self.current()
        if row is None:
            return
        if self.attempt(self.project.reject_from_gold, self.doc_id, row.start, row.end,
                        row.label) is not FAILED:
            self.load()
            self.saved(f"kept {row.label} [{row.start}, {row.end}) out of gold")

    def action_next_dispute(self) -> None:
        if self.document is None:
            return
        open_ = {c.key() for c in self.document.open_disputes()}
        table = self.query_one(DataTable)
        count = len(self.rows)
        for step in range(1, count + 1):
            row = (table.cursor_row + step) % count
            if self.rows[row].key() in open_:
                table.move_cursor(row=row)
                return
        self.note("no open dispute left in this document")

    def action_edit_gold(self) -> None:
        from annotator.tui.screens.annotate import AnnotateScreen

        self.app.push_screen(AnnotateScreen([self.doc_id], 0, layer="gold"))

    def action_toggle_adjudicated(self) -> None:
        document = self.document
        if document is None:
            return
        if document.status == "done":
            return self._adjudicated(False)
        waiting = len(document.open_disputes())
        if not waiting:
            return self._adjudicated(True)

        def answered(yes: bool | None) -> None:
            if yes:
                self._adjudicated(True)

        self.app.push_screen(Confirm(
            f"{waiting} disputed span(s) are not settled yet (n goes to them; t takes one "
            "into gold, x keeps it out).", "Mark the document adjudicated anyway?"), answered)

    def _adjudicated(self, done: bool) -> None:
        if self.attempt(self.project.set_adjudicated, self.doc_id, done) is not FAILED:
            self.load()
            self.saved("marked adjudicated" if done else "opened again for review")

    def action_next_document(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.doc_ids):
            return self.problem("no more documents")
        self.index = target
        self.query_one(DataTable).move_cursor(row=0)
        self.load()

    def action_undo(self) -> None:
        self.history_step(self.project.undo, "undid", "nothing of yours to undo", self._stepped)

    def action_redo(self) -> None:
        self.history_step(self.project.redo, "redid", "nothing to redo", self._stepped)

    def _stepped(self, message: str) -> None:
        self.load()
        self.saved(message)
