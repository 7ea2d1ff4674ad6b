"""The translation pane in the real TUI: toggle it, translate a document in a worker, and
follow the cursor from sentence to sentence."""

from __future__ import annotations

import asyncio

import pytest

from annotator.formats import open_source
from annotator.store import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.widgets.document_view import DocumentView
from annotator.tui.widgets.translation_pane import TranslationPane
from helpers import SAMPLE_CORPUS


@pytest.fixture
def sample_path(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "no-keymap.toml"))
    path = tmp_path / "sample.db"
    with Project.create(path, annotator="alice") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
    return path


def run(path, scenario):
    async def main():
        app = AnnotatorApp(path, "alice")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, AnnotateScreen)
            await scenario(app, pilot)
    asyncio.run(main())


def pane_text(app) -> str:
    return str(app.screen.query_one("#translation-text").render())


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


def test_translate_the_open_document_and_read_it_sentence_by_sentence(install, sample_path):
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

    run(sample_path, scenario)
    with Project.open(sample_path) as project:
        doc_id = project.list_documents()[0].id
        stored = project.translations(doc_id)
        assert sorted(stored) == ["kk", "ru"]
        assert [(s.start, s.end) for s in stored["kk"].sentences] == \
            [(s.start, s.end) for s in project.sentences(doc_id)]


def test_with_no_package_installed_the_screen_says_what_is_missing(packages_dir, sample_path):
    async def scenario(app, pilot):
        await pilot.press("T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no route from en to ru" in status(app)
        assert not app.screen.query_one(TranslationPane).has_class("busy")

    run(sample_path, scenario)
