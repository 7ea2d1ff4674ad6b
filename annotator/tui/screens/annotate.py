"""Annotate: one document, its spans, and every action on them from the keyboard."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widgets import Footer, Static

from annotator.core.errors import AnnotatorError, NoRoute
from annotator.core.models import SpanStatus
from annotator.tui import keymap
from annotator.tui.dialogs.entity_finder import EntityFinder
from annotator.tui.screens.base import AppScreen
from annotator.tui.widgets.document_view import DocumentView
from annotator.tui.widgets.side_panel import SidePanel
from annotator.tui.widgets.translation_pane import TranslationPane
from annotator.variants.candidates import mine_document

TRANSLATION_TARGETS = ("ru", "kk")
SOURCE_LANGUAGE = "en"


class AnnotateScreen(AppScreen):
    BINDINGS = keymap.ANNOTATE

    def __init__(self, doc_ids: list[str], index: int) -> None:
        super().__init__()
        self.doc_ids, self.index = doc_ids, index
        self.suggestions: list = []
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
        yield Footer()

    def on_mount(self) -> None:
        self.load_document()

    # -- loading and refreshing -------------------------------------------------------------

    def load_document(self, cursor_offset: int = 0) -> None:
        document = self.project.document(self.doc_id)
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
            self.suggestions = _concerning(self.ui.suggestions, self.doc_id)
        self.update_title(document.status)

    def update_title(self, status: str) -> None:
        summary = self.project.summary(self.doc_id)
        self.query_one("#title", Static).update(
            f"[b]{summary.title}[/b]  [dim]{self.doc_id} · {self.index + 1}/{len(self.doc_ids)} · "
            f"{status.replace('_', ' ')}[/dim]", layout=False)

    @work(thread=True, exclusive=True, group="suggestions")
    def load_suggestions(self, doc_id: str) -> None:
        """Mining reads the whole corpus: a worker with its own connection does it."""
        from annotator.store import Project

        def progress(done: int, total: int) -> None:
            if done % 500 == 0 or done == total:
                self.app.call_from_thread(self._show_progress, done, total)

        with Project.open(self.project.path, annotator=self.project.annotator) as own:
            # Mining reads every document: once per session, then reused for each document.
            if self.ui.mined_forms is None:
                self.ui.mined_forms = own.mine_forms(progress)
            suggestions = own.variant_suggestions(mined=self.ui.mined_forms)
        self.app.call_from_thread(self._suggestions_ready, doc_id, suggestions)

    def _show_progress(self, done: int, total: int) -> None:
        self.query_one("#status", Static).update(
            f"[dim]finding variants across the corpus ... {done}/{total} documents[/dim]",
            layout=False)

    def _suggestions_ready(self, doc_id: str, suggestions: list) -> None:
        self.ui.suggestions = suggestions
        if doc_id == self.doc_id:
            self.suggestions = _concerning(suggestions, doc_id)
            self.update_side()
            here = sum(1 for s in suggestions)
            self.query_one("#status", Static).update(
                f"[dim]{here} variant group(s) concern this document[/dim]", layout=False)

    def refresh_spans(self, message: str) -> None:
        view = self.query_one(DocumentView)
        view.set_spans(self.project.spans(self.doc_id))
        self.update_side()
        self.update_title(self.project.document(self.doc_id).status)
        self.saved(message)

    def saved(self, message: str) -> None:
        self.query_one("#status", Static).update(f"[green]✓ saved[/green]  {message}",
                                                 layout=False)

    def problem(self, message: str) -> None:
        self.query_one("#status", Static).update(f"[red]✗[/red] {message}", layout=False)
        self.app.bell()

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
        selection = view.selection
        surface = view.text[selection.start:selection.end] if selection else ""
        spans = view.spans_at_cursor()
        entity = None
        linked = next((s.entity_id for s in spans if s.entity_id), None)
        if linked is not None:
            entity = self.project.entity(linked)
        word = surface.strip()
        related = [s for s in self.suggestions
                   if any(word and (word == f or word in f.split()) for f in s.variants)]
        mined = self.ui.mined_forms
        counts = None
        if entity is not None and mined is not None:
            counts = {form: mined[form].count if form in mined else 0 for form in entity.forms}
        self.query_one(SidePanel).show(surface, spans, entity, related, self.label_colors, counts)

    # -- keys --------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        if event.character and event.character in getattr(self, "label_keys", {}):
            event.stop()
            self.apply_label(self.label_keys[event.character])

    def apply_label(self, label: str) -> None:
        view = self.query_one(DocumentView)
        spans = view.spans_at_cursor()
        try:
            if not view.has_selection and spans and spans[0].id is not None:
                span = self.project.relabel_span(spans[0].id, label)
                message = f"relabelled {span.label}"
            else:
                selection = view.selection
                if selection is None:
                    return
                span = self.project.add_span(self.doc_id, selection.start, selection.end, label)
                message = f"tagged {view.text[span.start:span.end]!r} {label}"
        except AnnotatorError as error:
            self.problem(str(error))
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
            self.project.reject_span(span.id)
            return self.refresh_spans(f"rejected suggestion {span.label}")
        self.project.remove_span(span.id)
        self.refresh_spans(f"removed {span.label}")

    def action_accept(self) -> None:
        span = self._span_here("suggested")
        if span is None:
            return self.problem("no suggestion under the cursor")
        self.project.accept_span(span.id)
        self.refresh_spans(f"accepted {span.label}")

    def action_accept_entity(self) -> None:
        span = self._span_here("suggested")
        if span is None or span.entity_id is None:
            return self.problem("no suggestion of an entity under the cursor")
        count = self.project.accept_entity_suggestions(self.doc_id, span.entity_id)
        self.refresh_spans(f"accepted {count} suggestions of this entity")

    def action_reject(self) -> None:
        span = self._span_here("suggested")
        if span is None:
            return self.problem("no suggestion under the cursor")
        self.project.reject_span(span.id)
        self.refresh_spans(f"rejected suggestion {span.label}")

    def action_next_suggestion(self, direction: int) -> None:
        view = self.query_one(DocumentView)
        here = view.cursor_token.start if view.cursor_token else 0
        starts = [s.start for s in view.spans if s.status == "suggested"]
        ahead = [s for s in starts if (s > here if direction > 0 else s < here)]
        if not ahead:
            return self.problem("no more suggestions in this document")
        view.go_to_offset(min(ahead) if direction > 0 else max(ahead))

    def action_next_candidate(self) -> None:
        view = self.query_one(DocumentView)
        if self.candidates is None:
            names = mine_document(self.doc_id, view.text, view.tokens)
            self.candidates = [t.start for t in view.tokens if t.text in names]
        here = view.cursor_token.start if view.cursor_token else 0
        tagged = {(s.start) for s in view.spans}
        ahead = [c for c in self.candidates if c > here and c not in tagged]
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
                self.project.link_span_to_new_entity(span.id, choice)
                return self.refresh_spans(f"linked {surface!r} to new entity {choice!r}")
            self.project.link_span(span.id, choice)
            self.refresh_spans(f"linked {surface!r} to {self.project.entity(choice).canonical!r}")

        self.app.push_screen(EntityFinder(self.project.entities(), surface), linked)

    def action_toggle_done(self) -> None:
        status = self.project.document(self.doc_id).status
        new = "in_progress" if status == "done" else "done"
        self.project.set_document_status(self.doc_id, new)
        self.update_title(new)
        self.saved(f"marked {new.replace('_', ' ')}")

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
        from annotator.store import Project
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
            with Project.open(self.project.path, annotator=self.project.annotator) as own:
                total = sentence_count(own, [doc_id]) * len(routes)
                done = 0

                def progress(sentences: int) -> None:
                    nonlocal done
                    done += sentences
                    self.app.call_from_thread(pane.progress, done, total,
                                              f"translating ... {done}/{total} sentences")

                report = translate_documents(own, engine, routes, [doc_id], progress=progress)
        except AnnotatorError as error:
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
            self.app.notify("\n".join(missing), severity="warning", timeout=10)

    def _translation_failed(self, message: str) -> None:
        self.query_one(TranslationPane).idle()
        self.update_translation()
        self.problem(message)

    def action_undo(self) -> None:
        try:
            entry = self.project.undo()
        except AnnotatorError as error:
            return self.problem(str(error))
        if entry is None:
            return self.problem("nothing to undo")
        self._after_history(f"undid: {entry.action}")

    def action_redo(self) -> None:
        try:
            entry = self.project.redo()
        except AnnotatorError as error:
            return self.problem(str(error))
        if entry is None:
            return self.problem("nothing to redo")
        self._after_history(f"redid: {entry.action}")

    def _after_history(self, message: str) -> None:
        self.refresh_spans(message)


def _concerning(suggestions: list, doc_id: str) -> list:
    return [s for s in suggestions if any(doc_id in form.documents for form in s.forms)]
