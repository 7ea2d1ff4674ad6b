"""Suggestions review, for linguists: the pending variant clusters by score, each with its
spellings, their counts, the rules that link them and a few contexts per spelling; accept a
cluster as one entity (canonical form and type), reject it or one spelling, or split it.
After each decision the next cluster is under the cursor."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static

from annotator.tui import keymap
from annotator.tui.dialogs.accept_variants import accept_suggestion
from annotator.tui.screens.base import FAILED
from annotator.tui.screens.two_tables import TwoTables
from annotator.variants.suggest import Suggestion

CONTEXTS_PER_FORM = 2
CONTEXT_CHARS = 60
SHOWN = 1000  # rows of the clusters table


class SuggestionsScreen(TwoTables):
    MAIN_TABLE, DETAIL_TABLE = "clusters", "cluster-forms"
    BINDINGS = keymap.SUGGESTIONS

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[Suggestion] = []
        self.marked: set[str] = set()  # spellings of the current cluster marked to split off
        self.contexts_asked = 0  # numbers the context searches: only the newest is shown

    def compose(self) -> ComposeResult:
        yield Static("finding variants across the corpus ...", id="suggestions-summary")
        yield DataTable(id="clusters", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="suggestion-detail"):
            yield DataTable(id="cluster-forms", cursor_type="row")
            with Vertical(id="suggestion-text"):
                yield Static(id="cluster-rules")
                yield Static(id="cluster-contexts")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#clusters", DataTable).add_columns("canonical", "spellings", "n",
                                                           "score", "tier")
        self.query_one("#cluster-forms", DataTable).add_columns(" ", "spelling", "count",
                                                                "docs")
        self.reload()
        self.query_one("#clusters", DataTable).focus()

    def refresh_view(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="suggestions")
    def reload(self) -> None:
        """Kept suggestions come back at once; after a decision they are grouped again."""
        with self.ui.own_writes.during():
            found = self.in_own_project(
                lambda own: self.variant_suggestions(own, possible=True))
            if found is not FAILED:
                self.app.call_from_thread(self._show_suggestions, found)

    def _show_suggestions(self, suggestions: list[Suggestion]) -> None:
        # The annotate screen's side panel shows the confident tier.
        self.ui.suggestions = [s for s in suggestions if s.tier == "confident"]
        self.absorb_own_writes()
        table = self.query_one("#clusters", DataTable)
        cursor = table.cursor_row
        table.clear()
        pending = len(suggestions)
        # In review order already (confident, then possible, each by score). A large corpus
        # has tens of thousands: a linguist works from the top, and a decision brings the
        # next ones up.
        self.listed = suggestions[:SHOWN]
        for suggestion in self.listed:
            table.add_row(Text(suggestion.canonical),
                          Text(" / ".join(v for v in suggestion.variants
                                          if v != suggestion.canonical)),
                          str(sum(f.count for f in suggestion.forms)),
                          f"{suggestion.score:.2f}", suggestion.tier, key=suggestion.id)
        if self.listed:
            table.move_cursor(row=min(cursor, len(self.listed) - 1))
        confident = sum(s.tier == "confident" for s in suggestions)
        self.query_one("#suggestions-summary", Static).update(Text.assemble(
            (f"{pending:,}", "bold"), " pending suggestions: ",
            f"{confident:,} confident, {pending - confident:,} possible, by score"
            + (f" (the first {SHOWN:,} shown)" if pending > SHOWN else "")))
        self.aside(f"{pending:,} pending suggestions" if self.listed
                   else "no pending suggestion: every cluster found is decided")
        self.show_cluster()

    @on(DataTable.RowHighlighted, "#clusters")
    def show_cluster(self) -> None:
        self.marked = set()
        suggestion = self.current
        self._fill_forms()
        rules = Text()
        if suggestion is None:
            self.query_one("#cluster-rules", Static).update(
                Text("no pending suggestion", style="dim"))
            self.query_one("#cluster-contexts", Static).update("")
            return
        rules.append(f"[{suggestion.id}]", style="dim")
        if suggestion.entity_ids:
            rules.append("  joins a recorded entity", style="dim")
        rules.append("\n")
        if suggestion.homonym:
            rules.append(f"homonyms? {suggestion.homonym}\n", style="bold red")
        for explanation in suggestion.explanations:
            rules.append(f"{explanation.a} → {explanation.b}\n", style="bold")
            for step in explanation.steps[:3]:
                rules.append(f"  {step.a or '∅'} → {step.b or '∅'}: ", style="bold")
                rules.append(f"{step.why}\n", style="dim")
        self.query_one("#cluster-rules", Static).update(rules)
        self.query_one("#cluster-contexts", Static).update(Text("contexts ...", style="dim"))
        self.contexts_asked += 1
        self.find_contexts(suggestion, self.contexts_asked)

    def _fill_forms(self) -> None:
        forms = self.query_one("#cluster-forms", DataTable)
        cursor = forms.cursor_row
        forms.clear()
        suggestion = self.current
        if suggestion is None:
            return
        for stats in suggestion.forms:
            mark = "✓" if stats.form in self.marked else ""
            canonical = stats.form == suggestion.canonical
            forms.add_row(mark, Text(stats.form, style="bold" if canonical else ""),
                          str(stats.count), str(stats.documents_total))
        forms.move_cursor(row=min(cursor, len(suggestion.forms) - 1))

    @work(thread=True, exclusive=True, group="suggestion-contexts")
    def find_contexts(self, suggestion: Suggestion, asked: int) -> None:
        def read(own):
            return [(stats.form, own.concordance(stats.form, width=CONTEXT_CHARS,
                                                 limit=CONTEXTS_PER_FORM))
                    for stats in suggestion.forms]

        found = self.in_own_project(read)
        if found is not FAILED:
            self.app.call_from_thread(self._show_contexts, suggestion, found, asked)

    def _show_contexts(self, suggestion: Suggestion, found: list, asked: int) -> None:
        if asked != self.contexts_asked or suggestion is not self.current:
            return
        panel = self.query_one("#cluster-contexts", Static)
        width = max((panel.size.width - 12) // 2, 10)
        text = Text(no_wrap=True, overflow="crop")
        for form, lines in found:
            text.append(f"{form}\n", style="bold")
            for _, left, match, right in lines:
                text.append(f" {left[-width:]:>{width}}")
                text.append(match, style="bold reverse")
                text.append(f"{right[:width]}\n")
        panel.update(text)

    # -- actions ------------------------------------------------------------------------------

    def decided(self, message: str) -> None:
        """A decision changes the clusters: cluster again; the cursor stays on the same row,
        so the next cluster follows."""
        self.saved(message)
        self.ui.suggestions = None
        self.ui.form_counts = None
        self.reload()

    def action_accept(self) -> None:
        suggestion = self.current
        if suggestion is None:
            return self.problem("no suggestion to accept")
        accept_suggestion(self, suggestion, self.decided)

    def action_reject(self) -> None:
        suggestion = self.current
        if suggestion is None:
            return self.problem("no suggestion to reject")
        if self.attempt(self.project.reject_variants, suggestion.variants) is not FAILED:
            self.decided(f"rejected {' / '.join(suggestion.variants)}: never suggested again")

    def action_reject_form(self) -> None:
        """The highlighted spelling is not a variant of the others."""
        suggestion, form = self.current, self.current_form
        if suggestion is None or form is None:
            return self.problem("no spelling to reject")
        self._split([form], suggestion, f"{form} is not {suggestion.canonical}")

    def action_mark(self) -> None:
        form = self.current_form
        if form is None:
            return
        self.marked ^= {form}
        self._fill_forms()
        forms = self.query_one("#cluster-forms", DataTable)
        forms.move_cursor(row=min(forms.cursor_row + 1, forms.row_count - 1))

    def action_split(self) -> None:
        """The marked spellings (else the highlighted one) go apart from the others; each
        group may be suggested again on its own."""
        suggestion = self.current
        if suggestion is None:
            return self.problem("no suggestion to split")
        group = sorted(self.marked) or ([self.current_form] if self.current_form else [])
        if not group or len(group) >= len(suggestion.variants):
            return self.problem("mark (space) the spellings to split off, not all of them")
        rest = [v for v in suggestion.variants if v not in group]
        self._split(group, suggestion, f"split {' / '.join(group)} off {' / '.join(rest)}")

    def _split(self, group: list[str], suggestion: Suggestion, message: str) -> None:
        rest = [v for v in suggestion.variants if v not in group]
        if self.attempt(self.project.separate_variants, group, rest) is not FAILED:
            self.decided(message)

    def action_undo(self) -> None:
        self.history_step(self.project.undo, "undid", "nothing to undo", self.decided)

