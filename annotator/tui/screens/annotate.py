"""Annotate: one document, its spans, and every action on them from the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widgets import Footer, Static

from annotator.core.errors import NoRoute
from annotator.core.models import SpanStatus
from annotator.store.health import failures
from annotator.tui import keymap
from annotator.tui.dialogs.accept_variants import accept_suggestion
from annotator.tui.dialogs.confirm import Confirm
from annotator.tui.dialogs.entity_finder import EntityFinder
from annotator.tui.screens.base import FAILED, AppScreen
from annotator.tui.widgets.document_view import DocumentView
from annotator.tui.widgets.side_panel import SidePanel
from annotator.tui.widgets.translation_pane import TranslationPane
from annotator.variants.candidates import name_starts

TRANSLATION_TARGETS = ("ru", "kk")
SOURCE_LANGUAGE = "en"


class AnnotateScreen(AppScreen):
    BINDINGS = keymap.ANNOTATE

    def __init__(self, doc_ids: list[str], index: int, layer: str | None = None) -> None:
        """`layer`: where to work ("gold" for a reviewer's edits); None: the workflow's."""
        super().__init__()
        self.doc_ids, self.index = doc_ids, index
        self.work_layer = layer
        self.suggestions: list = []
        self.related: list = []  # the variant suggestions the side panel shows
        self.candidates: list[int] | None = None
        self.translations: dict = {}

    @property
    def doc_id(self) -> str:
        return self.doc_ids[self.index]

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal():
            with Vertical(id="reading"):
                yield DocumentView(id="document")
                yield TranslationPane(id="translation")
            yield SidePanel(id="side")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.project.use_layer(self.work_layer)
        self.load_document()

    def on_screen_resume(self) -> None:
        self.project.use_layer(self.work_layer)

    def on_screen_suspend(self) -> None:
        self.project.use_layer(None)

    def on_unmount(self) -> None:
        self.project.use_layer(None)

    # -- loading and refreshing -------------------------------------------------------------

    def load_document(self, cursor_offset: int = 0) -> None:
        document = self.attempt(self.project.document, self.doc_id)
        if document is FAILED:
            return
        self.label_colors = {label.name: label.color for label in self.project.labels().labels}
        self.label_keys = {label.key: label.name for label in self.project.labels().labels
                           if label.key}
        view = self.query_one(DocumentView)
        tokens = self.project.tokens(self.doc_id)
        view.load(document.text, tokens, self.project.spans(self.doc_id), self.label_colors,
                  cursor_offset)
        view.focus()
        self.candidates = None  # found on the first press of "next unlabelled name"
        self.translations = self.project.translations(self.doc_id)
        self.update_translation()
        if self.ui.suggestions is None:
            self.suggestions = []
            self.load_suggestions(self.doc_id)
        else:
            self.suggestions = self._concerning(self.ui.suggestions, self.doc_id)
        self.update_title(self.project.status_in_layer(self.doc_id))

    def update_title(self, status: str) -> None:
        summary = self.project.summary(self.doc_id)
        # Where you are first: a long title is cut at the right edge, never the position.
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(f"{self.doc_id}", style="bold")
        title.append(f" · {self.index + 1}/{len(self.doc_ids)} · {status.replace('_', ' ')} · ",
                     style="dim")
        title.append(layer_name(self.project), style="bold reverse")
        title.append(" ")
        title.append(summary.title)
        self.query_one("#title", Static).update(title, layout=False)

    @work(thread=True, exclusive=True, group="suggestions")
    def load_suggestions(self, doc_id: str) -> None:
        """Suggestions and counts may read the whole corpus: a worker does it."""
        def read(own):
            return self.variant_suggestions(own), own.form_counts()

        with self.ui.own_writes.during():
            found = self.in_own_project(read)
            if found is not FAILED:
                self.app.call_from_thread(self._suggestions_ready, doc_id, *found)

    @work(thread=True, exclusive=True, group="form-counts")
    def count_forms(self) -> None:
        """Entities changed: count their spellings again, as the Variants screen does."""
        counts = self.in_own_project(lambda own: own.form_counts())
        if counts is not FAILED:
            self.app.call_from_thread(self._counts_ready, counts)

    def _suggestions_ready(self, doc_id: str, suggestions: list, counts: dict) -> None:
        self.ui.suggestions = suggestions
        self.ui.form_counts = counts
        self.after_own_writes()
        if doc_id == self.doc_id:
            self.suggestions = self._concerning(suggestions, doc_id)
            self.update_side()
            self.aside(f"{len(self.suggestions)} variant group(s) concern this document")

    def _counts_ready(self, counts: dict) -> None:
        self.ui.form_counts = counts
        self.update_side()

    def refresh_spans(self, message: str, entities_changed: bool = False) -> None:
        view = self.query_one(DocumentView)
        view.set_spans(self.project.spans(self.doc_id))
        if entities_changed:
            self.ui.form_counts = None
            self.count_forms()
        self.update_side()
        self.update_title(self.project.status_in_layer(self.doc_id))
        self.saved(message)

    def refresh_view(self) -> None:
        """After a refusal: what another annotator changed meanwhile is shown."""
        if not self.query(DocumentView):  # not composed yet, or being taken down
            return
        view = self.query_one(DocumentView)
        view.set_spans(self.project.spans(self.doc_id))
        self.update_side()
        self.update_title(self.project.status_in_layer(self.doc_id))

    @on(DocumentView.CursorMoved)
    def update_translation(self) -> None:
        pane = self.query_one(TranslationPane)
        if pane.has_class("shown"):
            view = self.query_one(DocumentView)
            token = view.cursor_token
            pane.show(view.text, self.translations, token.start if token else 0)

    @on(DocumentView.CursorMoved)
    def update_side(self) -> None:
        view = self.query_one(DocumentView)
        spans = view.spans_at_cursor()
        selection = view.selection
        if view.has_selection or not spans:
            heading = view.text[selection.start:selection.end] if selection else ""
        else:
            heading = view.text[spans[0].start:spans[0].end]
        entity = None
        linked = next((s.entity_id for s in spans if s.entity_id), None)
        if linked is not None:
            try:
                entity = self.project.entity(linked)
            except failures():
                entity = None  # merged or removed by someone since; ctrl+l shows it
        word = heading.strip()
        related = [s for s in self.suggestions
                   if any(word and (word == f or word in f.split()) for f in s.variants)]
        self.related = related
        counts = self.ui.form_counts
        self.query_one(SidePanel).show(heading, spans, entity, related, self.label_colors,
                                       counts)

    # -- keys --------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        if event.character and event.character in getattr(self, "label_keys", {}):
            event.stop()
            self.apply_label(self.label_keys[event.character])

    def apply_label(self, label: str) -> None:
        view = self.query_one(DocumentView)
        spans = view.spans_at_cursor()
        if not view.has_selection and spans and spans[0].id is not None:
            span = self.attempt(self.project.relabel_span, spans[0].id, label)
            message = f"relabelled {label}"
        else:
            selection = view.selection
            if selection is None:
                return
            span = self.attempt(self.project.add_span, self.doc_id, selection.start,
                                selection.end, label)
            message = f"tagged {view.text[selection.start:selection.end]!r} {label}"
        if span is FAILED:
            return
        view.clear_selection()
        self.refresh_spans(message)

    def action_move(self, tokens: int) -> None:
        self.query_one(DocumentView).move(tokens)

    def action_move_lines(self, lines: int) -> None:
        self.query_one(DocumentView).move_lines(lines)

    def action_extend(self, tokens: int) -> None:
        self.query_one(DocumentView).move(tokens, extend=True)

    def action_shift_edge(self, edge: str, characters: int) -> None:
        self.query_one(DocumentView).shift_edge(edge, characters)

    def action_escape(self) -> None:
        view = self.query_one(DocumentView)
        if view.has_selection:
            view.clear_selection()
        else:
            self.app.pop_screen()

    def _span_here(self, status: str | None = None):
        spans = self.query_one(DocumentView).spans_at_cursor()
        return next((s for s in spans if status is None or s.status == status), None)

    def action_delete_span(self) -> None:
        span = self._span_here()
        if span is None:
            return self.problem("no span under the cursor")
        if span.status == SpanStatus.SUGGESTED:
            return self._change(self.project.reject_span, span.id,
                                done=f"rejected suggestion {span.label}")
        self._change(self.project.remove_span, span.id, done=f"removed {span.label}")

    def action_accept(self) -> None:
        span = self._span_here("suggested")
        if span is None:
            return self.problem("no suggestion under the cursor")
        self._change(self.project.accept_span, span.id, done=f"accepted {span.label}")

    def action_accept_entity(self) -> None:
        span = self._span_here("suggested")
        if span is None or span.entity_id is None:
            return self.problem("no suggestion of an entity under the cursor")
        count = self.attempt(self.project.accept_entity_suggestions, self.doc_id,
                             span.entity_id)
        if count is not FAILED:
            self.refresh_spans(f"accepted {count} suggestions of this entity")

    def action_reject(self) -> None:
        span = self._span_here("suggested")
        if span is None:
            return self.problem("no suggestion under the cursor")
        self._change(self.project.reject_span, span.id, done=f"rejected suggestion {span.label}")

    def _change(self, call, *args, done: str) -> None:
        """A change through the guarded path; on success the spans are shown again."""
        if self.attempt(call, *args) is not FAILED:
            self.refresh_spans(done)

    def _concerning(self, suggestions: list, doc_id: str) -> list:
        found = self.attempt(self.project.suggestions_concerning, suggestions, doc_id)
        return [] if found is FAILED else found

    def action_accept_variants(self) -> None:
        """The first variant group the side panel shows becomes one entity."""
        if not self.related:
            return self.problem("no variant suggestion for the word under the cursor")
        accept_suggestion(self, self.related[0], self._variants_decided)

    def action_reject_variants(self) -> None:
        if not self.related:
            return self.problem("no variant suggestion for the word under the cursor")
        forms = self.related[0].variants
        if self.attempt(self.project.reject_variants, forms) is not FAILED:
            self._variants_decided(f"rejected {' / '.join(forms)}: never suggested again")

    def _variants_decided(self, message: str) -> None:
        """Suggestions are clustered again (the mined forms are kept)."""
        self.ui.suggestions = None
        self.suggestions = self.related = []
        self.load_suggestions(self.doc_id)
        self.refresh_spans(message, entities_changed=True)

    def action_next_suggestion(self, direction: int) -> None:
        view = self.query_one(DocumentView)
        here = view.cursor_token.start if view.cursor_token else 0
        starts = [s.start for s in view.spans if s.status == "suggested"]
        ahead = [s for s in starts if (s > here if direction > 0 else s < here)]
        if not ahead:
            return self.problem("no more suggestions in this document")
        view.go_to_offset(min(ahead) if direction > 0 else max(ahead))

    def action_next_candidate(self) -> None:
        """The next name no span covers yet; a name of several words is one stop."""
        view = self.query_one(DocumentView)
        if self.candidates is None:
            self.candidates = name_starts(self.doc_id, view.text, view.tokens)
        here = view.cursor_token.start if view.cursor_token else 0
        ahead = [c for c in self.candidates
                 if c > here and not any(s.start <= c < s.end for s in view.spans)]
        if not ahead:
            return self.problem("no more unlabelled names in this document")
        view.go_to_offset(ahead[0])

    def action_link_entity(self) -> None:
        span = self._span_here()
        if span is None:
            return self.problem("put the cursor on a span to link it")
        view = self.query_one(DocumentView)
        surface = view.text[span.start:span.end]

        def linked(choice: int | str | None) -> None:
            if choice is None:
                return
            if isinstance(choice, str):
                if self.attempt(self.project.link_span_to_new_entity, span.id,
                                choice) is not FAILED:
                    self.refresh_spans(f"linked {surface!r} to new entity {choice!r}", True)
                return
            entity = self.attempt(self.project.entity, choice)
            if entity is not FAILED and \
                    self.attempt(self.project.link_span, span.id, choice) is not FAILED:
                self.refresh_spans(f"linked {surface!r} to {entity.canonical!r}", True)

        entities = self.attempt(self.project.entities)
        if entities is not FAILED:
            self.app.push_screen(EntityFinder(entities, surface, f"Link {surface!r} to an "
                                              "entity"), linked)

    def action_toggle_done(self) -> None:
        status = self.project.status_in_layer(self.doc_id)
        if status == "done":
            return self._set_status("in_progress")
        waiting = len(self.project.spans(self.doc_id, status="suggested"))
        if not waiting:
            return self._set_status("done")

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_status("done")

        self.app.push_screen(Confirm(
            f"{waiting} suggestion(s) in this document are not reviewed yet (n goes to them; "
            "a accepts, r rejects). They stay suggestions, outside the exported annotations.",
            "Mark the document done anyway?"), answered)

    def _set_status(self, status: str) -> None:
        if self.attempt(self.project.set_document_status, self.doc_id, status) is FAILED:
            return
        self.update_title(status)
        self.saved(f"marked {status.replace('_', ' ')}")

    def action_next_document(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.doc_ids):
            return self.problem("no more documents")
        self.index = target
        self.load_document()

    def action_reload(self) -> None:
        """Read the document again, with what other annotators saved meanwhile."""
        view = self.query_one(DocumentView)
        token = view.cursor_token
        self.load_document(token.start if token else 0)
        self.saved("reloaded")

    # -- translation -------------------------------------------------------------------------

    def action_toggle_translation(self) -> None:
        self.query_one(TranslationPane).toggle_class("shown")
        self.update_translation()

    def action_translate_document(self) -> None:
        pane = self.query_one(TranslationPane)
        pane.add_class("shown")
        pane.progress(0, 1, "loading the translation models ...")
        self.translate_document(self.doc_id)

    @work(thread=True, exclusive=True, group="translation")
    def translate_document(self, doc_id: str) -> None:
        """Translation loads models and runs them: a worker with its own connection."""
        from annotator.translate.engines import BatchEngine, TranslateOptions
        from annotator.translate.packages import installed_packages
        from annotator.translate.routes import find_route
        from annotator.translate.runner import sentence_count, translate_documents

        pane = self.query_one(TranslationPane)
        try:
            packages = installed_packages()
            routes, missing = {}, []
            for lang in TRANSLATION_TARGETS:
                try:
                    routes[lang] = find_route(packages, SOURCE_LANGUAGE, lang)
                except NoRoute as error:
                    missing.append(str(error))
            if not routes:
                raise NoRoute(missing[0])
            engine = BatchEngine(TranslateOptions(batch_size=8))
            with self.project.reopen() as own:
                total = sentence_count(own, [doc_id]) * len(routes)
                done = 0

                def progress(sentences: int) -> None:
                    nonlocal done
                    done += sentences
                    self.app.call_from_thread(pane.progress, done, total,
                                              f"translating ... {done}/{total} sentences")

                report = translate_documents(own, engine, routes, [doc_id], progress=progress)
        except failures() as error:
            self.app.call_from_thread(self._translation_failed, str(error))
            return
        self.app.call_from_thread(self._translation_ready, doc_id, report, missing)

    def _translation_ready(self, doc_id: str, report, missing: list[str]) -> None:
        self.query_one(TranslationPane).idle()
        if doc_id != self.doc_id:
            return
        self.translations = self.project.translations(doc_id)
        self.update_translation()
        routes = ", ".join(f"{lang} via {route.name.replace('>', '→')}"
                           for lang, route in report.routes.items())
        fresh = sum(report.translated.values())
        self.saved(f"translated ({routes})" if fresh else
                   f"already translated with the installed packages ({routes})")
        if missing:
            self.app.notify("\n".join(missing), severity="warning", timeout=10, markup=False)

    def _translation_failed(self, message: str) -> None:
        self.query_one(TranslationPane).idle()
        self.update_translation()
        self.problem(message)

    def action_undo(self) -> None:
        self.history_step(self.project.undo, "undid", "nothing to undo", self._stepped)

    def action_redo(self) -> None:
        self.history_step(self.project.redo, "redid", "nothing to redo", self._stepped)

    def _stepped(self, message: str) -> None:
        self.refresh_spans(message, entities_changed=True)


def layer_name(project) -> str:
    """Whose layer the screen shows and edits: everyone's (shared), gold, or yours."""
    if project.workflow == "shared" and project.layer == "gold":
        return " shared layer "
    if project.layer == "gold":
        return " gold (adjudicated) "
    return f" {project.layer}'s layer "


