"""Project: the documents with their state and counts, filter and search, overall progress.
Rows are fetched page by page, so 100,000 documents open at once."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from annotator.tui import keymap
from annotator.tui.screens.annotate import layer_name
from annotator.tui.screens.base import FAILED, AppScreen

PAGE = 200
STATUSES = [None, "new", "in_progress", "done"]
TEAM_ACTIONS = ("toggle_queue", "review", "agreement")


class ProjectScreen(AppScreen):
    BINDINGS = keymap.PROJECT

    def __init__(self) -> None:
        super().__init__()
        self.status_filter: str | None = None
        self.search: str = ""
        self.queue: bool | None = None  # only the documents assigned to you
        self.loaded = 0
        self.ids: list[str] = []
        self._width = 0
        self._title_width = 44


    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield ProgressBar(id="progress", show_eta=False)
        yield Input(placeholder="/ filter: text or id, label:PERSON, entity:Vassilenko",
                    id="filter", compact=True)
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # In double annotation each annotator starts on their own queue.
        if self.queue is None:
            self.queue = self.project.workflow == "double" and bool(
                self.project.document_ids(queue=True))
        self._columns(self.size.width)
        self.reload()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._columns(self.size.width)
            self.reload()

    def _columns(self, width: int) -> None:
        """The title takes what the other columns leave, so every column fits the screen."""
        self._width = width
        table = self.query_one(DataTable)
        table.clear(columns=True)
        fixed = (("id", 18), ("state", 11), ("spans", 5), ("suggested", 9))
        title = max(width - sum(w + 2 for _, w in fixed) - 4, 12)
        for name, size in (fixed[0], ("title", title), *fixed[1:]):
            table.add_column(name, key=name, width=size)
        self._title_width = title

    def on_screen_resume(self) -> None:
        self.reload()

    def refresh_view(self) -> None:
        self.reload()

    def reload(self) -> None:
        stats = self.attempt(self.project.stats)
        if stats is FAILED:
            return
        done = stats.by_status["done"]
        total = stats.documents
        shown = " · ".join(filter(None, [
            "my queue" if self.queue else "",
            f"{self.status_filter.replace('_', ' ')} only" if self.status_filter else ""]))
        layer = layer_name(self.project).strip()
        mine = next((q for q in stats.assignments if q["annotator"] == self.project.layer),
                    None)
        if mine is not None and self.project.layer != "gold":
            counts = (f"  {layer} · {mine['assigned']} assigned · {mine['new']} new · "
                      f"{mine['in_progress']} in progress · {mine['done']} done ")
            done, total = mine["done"], mine["assigned"]
        else:
            finished = "adjudicated" if stats.workflow == "double" else "done"
            counts = (f"  {total} docs · {stats.by_status['new']} new · "
                      f"{stats.by_status['in_progress']} in progress · {done} {finished} · "
                      f"{stats.entities} entities ")
        self.query_one("#summary", Static).update(Text.assemble(
            (_shown_name(self.project), "bold"), counts, ("· " if shown else "", "dim"),
            (shown, "bold"), no_wrap=True,
            overflow="ellipsis"), layout=False)
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        self.loaded = 0
        self.ids = []
        self.load_page()
        if self.ids:
            table.move_cursor(row=min(cursor, len(self.ids) - 1))

    def load_page(self) -> None:
        page = self.attempt(self.project.list_documents, offset=self.loaded, limit=PAGE,
                            status=self.status_filter, queue=bool(self.queue),
                            **_query(self.search))
        if page is FAILED:
            return
        table = self.query_one(DataTable)
        for doc in page:
            table.add_row(Text(doc.id), Text(doc.title[:self._title_width]),
                          doc.status.value.replace("_", " "), str(doc.accepted),
                          str(doc.suggested), key=doc.id)
            self.ids.append(doc.id)
        self.loaded += len(page)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - 20 and self.loaded % PAGE == 0 and self.loaded:
            self.load_page()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_at(event.cursor_row)

    def action_open_document(self) -> None:
        self.open_at(self.query_one(DataTable).cursor_row)

    def open_at(self, row: int) -> None:
        if not self.ids:
            return
        from annotator.tui.screens.annotate import AnnotateScreen

        doc_ids = self.ids if self.search else self.attempt(
            self.project.document_ids, self.status_filter, queue=bool(self.queue))
        if doc_ids is FAILED:
            return
        doc_id = self.ids[row]
        self.app.push_screen(AnnotateScreen(doc_ids, doc_ids.index(doc_id)))

    def action_last_row(self) -> None:
        """The last loaded row; reaching it fetches the next page, so repeating goes on."""
        table = self.query_one(DataTable)
        table.move_cursor(row=max(table.row_count - 1, 0))

    def action_first_row(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search = event.value.strip()
        self.reload()

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys of double annotation only where the project uses it."""
        if action in TEAM_ACTIONS:
            return self.project.workflow == "double"
        return True

    def action_toggle_queue(self) -> None:
        self.queue = not self.queue
        self.reload()
        self.note("your queue: the documents assigned to you" if self.queue
                  else "every document")

    def action_review(self) -> None:
        from annotator.tui.screens.review import ReviewScreen, may_review

        if not self.ids:
            return
        refusal = may_review(self.project)
        if refusal:
            return self.problem(refusal)
        row = self.query_one(DataTable).cursor_row
        self.app.push_screen(ReviewScreen(self.ids, row))

    def action_agreement(self) -> None:
        from annotator.tui.screens.agreement import AgreementScreen

        self.app.push_screen(AgreementScreen())

    def action_cycle_status(self) -> None:
        self.status_filter = STATUSES[(STATUSES.index(self.status_filter) + 1) % len(STATUSES)]
        self.reload()


def _query(text: str) -> dict[str, str | None]:
    """"label:PERSON entity:Vassilenko Astana" -> label, entity and free-text search."""
    query: dict[str, str | None] = {"search": None, "label": None, "entity": None}
    words = []
    for word in text.split():
        key, _, value = word.partition(":")
        if key in ("label", "entity") and value:
            query[key] = value
        else:
            words.append(word)
    query["search"] = " ".join(words) or None
    return query


def _shown_name(project) -> str:
    """The project file's name, or the server project's name."""
    files = project.files()
    return files[0].name if files else project.name
