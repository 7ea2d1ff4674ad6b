"""Agreement: how far the annotators agree, by label and by pair, and the documents with
the lowest agreement first; Enter opens one for review. Measured in a worker, with
progress, since it reads every document two annotators finished."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from annotator.agreement import AgreementReport
from annotator.formats.agreement_report import COLUMNS, HEADERS, figure, rows, summary_line
from annotator.tui import keymap
from annotator.tui.screens.base import FAILED, AppScreen


def _cell(value: float | None) -> Text:
    style = "" if value is None or value >= 0.8 else "yellow" if value >= 0.6 else "bold red"
    return Text(figure(value), style=style, justify="right")


class AgreementScreen(AppScreen):
    BINDINGS = keymap.AGREEMENT

    def __init__(self) -> None:
        super().__init__()
        self.report: AgreementReport | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield DataTable(id="by-label", cursor_type="none", show_cursor=False)
        yield DataTable(id="by-pair", cursor_type="none", show_cursor=False)
        yield Static("documents, lowest agreement first (Enter: review)", id="documents-head")
        yield DataTable(id="by-document", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#summary", Static).update(Text("measuring agreement ...", style="dim"))
        self.query_one("#by-document", DataTable).focus()
        self.measure()

    def action_measure(self) -> None:
        self.measure()

    def refresh_view(self) -> None:
        self.measure()

    @work(thread=True, exclusive=True, group="agreement")
    def measure(self) -> None:
        def progress(done: int, total: int) -> None:
            if done % 200 == 0 or done == total:
                self.app.call_from_thread(self.note, f"measuring ... {done}/{total} documents")

        report = self.in_own_project(lambda own: own.agreement(progress=progress))
        if report is not FAILED:
            self.app.call_from_thread(self.show, report)

    def show(self, report: AgreementReport) -> None:
        self.report = report
        self.query_one("#summary", Static).update(Text(summary_line(report), no_wrap=True,
                                                       overflow="ellipsis"))
        labels = self.query_one("#by-label", DataTable)
        labels.clear(columns=True)
        labels.add_column("", width=12)
        for header in HEADERS:
            labels.add_column(header, width=max(len(header), 6))
        for name, figures in rows(report):
            labels.add_row(Text(name, style="bold" if name == "overall" else ""),
                           *(_cell(getattr(figures, c)) for c in COLUMNS))
        pairs = self.query_one("#by-pair", DataTable)
        pairs.clear(columns=True)
        pairs.add_column("annotators", width=20)
        pairs.add_column("docs", width=5)
        for header in HEADERS[:3]:
            pairs.add_column(header, width=len(header))
        for pair in report.pairs:
            pairs.add_row(Text(f"{pair.a} – {pair.b}"), Text(str(pair.documents),
                                                              justify="right"),
                          _cell(pair.span_f1_exact), _cell(pair.span_f1_partial),
                          _cell(pair.kappa))
        documents = self.query_one("#by-document", DataTable)
        documents.clear(columns=True)
        documents.add_column("document", width=20)
        documents.add_column("span F1", width=7)
        documents.add_column("differ", width=6)
        documents.add_column("annotators", width=30)
        for found in report.by_document:
            documents.add_row(Text(found.doc_id), _cell(found.span_f1_exact),
                              Text(str(found.disagreements), justify="right"),
                              Text(", ".join(found.annotators)))
        links = figure(report.entity_links["pairwise_f1"])
        self.note(f"entity links, pairwise F1: {links}" if report.documents else
                  "no document is finished by two annotators yet")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_review()

    def action_open_review(self) -> None:
        from annotator.tui.screens.review import ReviewScreen, may_review

        if self.report is None or not self.report.by_document:
            return
        refusal = may_review(self.project)
        if refusal:
            return self.problem(refusal)
        row = self.query_one("#by-document", DataTable).cursor_row
        self.app.push_screen(ReviewScreen([d.doc_id for d in self.report.by_document], row))
