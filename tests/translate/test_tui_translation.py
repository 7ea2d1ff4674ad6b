"""The translation pane in the real TUI: toggle it, translate a document in a worker, and
follow the cursor from sentence to sentence."""

from __future__ import annotations

from annotator.store import Project
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.widgets.document_view import DocumentView
from annotator.tui.widgets.translation_pane import TranslationPane
from tui_harness import run as run_app
from tui_harness import settle, status


def run(path, scenario):
    async def on_first_document(app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
        await scenario(app, pilot)
    run_app(path, on_first_document, size=(120, 40))


def pane_text(app) -> str:
    return str(app.screen.query_one("#translation-text").render())


def test_translate_the_open_document_and_read_it_sentence_by_sentence(install, tui_project):
    install("en_ru", "ru_kk")

    async def scenario(app, pilot):
        pane = app.screen.query_one(TranslationPane)
        assert not pane.display
        await pilot.press("t")
        await pilot.pause()
        assert pane.display
        assert "no translation stored for this document" in pane_text(app)

        await pilot.press("T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "translated (ru via en→ru, kk via en→ru→kk)" in status(app)
        first = pane_text(app)
        assert "ru  " in first and "kk  " in first and "(en→ru→kk)" in first
        assert not pane.has_class("busy")

        view = app.screen.query_one(DocumentView)
        start = view.cursor_token.start
        first_end = app.screen.translations["ru"].sentences[0].end
        for _ in range(40):
            await pilot.press("j")
            if view.cursor_token.start > first_end:
                break
        await pilot.pause()
        assert view.cursor_token.start > first_end > start
        assert pane_text(app) != first  # the pane follows the cursor's sentence

        await pilot.press("T")  # nothing new to do: said so, nothing re-translated
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "already translated with the installed packages" in status(app)

    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        doc_id = project.list_documents()[0].id
        stored = project.translations(doc_id)
        assert sorted(stored) == ["kk", "ru"]
        assert [(s.start, s.end) for s in stored["kk"].sentences] == \
            [(s.start, s.end) for s in project.sentences(doc_id)]


def test_with_no_package_installed_the_screen_says_what_is_missing(packages_dir, tui_project):
    async def scenario(app, pilot):
        await pilot.press("T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no route from en to ru" in status(app)
        assert not app.screen.query_one(TranslationPane).has_class("busy")

    run(tui_project, scenario)
