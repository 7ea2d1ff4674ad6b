"""One harness for every test that drives the real TUI with Pilot: a project made from the
sample corpus, a runner, and the few moves every scenario makes.

    def test_something(tui_project):
        async def scenario(app, pilot):
            view = await open_document(app, pilot)
            await pilot.press("1")
        run(tui_project, scenario)
        with Project.open(tui_project) as project: ...   # what was stored
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from annotator.formats import open_source
from annotator.store import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.widgets.document_view import DocumentView
from helpers import SAMPLE_CORPUS

DOC = "54b3eda07178e59d"  # 04-significant-election-campaign: Vassilenko and Vasilenko
SIZE = (110, 32)


def make_sample_project(path: Path, annotator: str = "alice",
                        prepare: Callable[[Project], None] | None = None) -> Path:
    with Project.create(path, annotator=annotator) as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        if prepare:
            prepare(project)
    return path


def run(path: Path, scenario: Callable[[AnnotatorApp, object], Awaitable[None]],
        annotator: str = "alice", size: tuple[int, int] = SIZE) -> None:
    """Open the app on `path` and play `scenario(app, pilot)` in it."""
    async def main() -> None:
        app = AnnotatorApp(path, annotator)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)
    asyncio.run(main())


async def settle(pilot) -> None:
    """Let the screen and every worker finish what a key started (a worker's result may
    start another: wait until none is left)."""
    for _ in range(10):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return


async def open_document(app, pilot, row: int = 3) -> DocumentView:
    await pilot.press(*["down"] * row, "enter")
    await settle(pilot)
    assert isinstance(app.screen, AnnotateScreen)
    return app.screen.query_one(DocumentView)


async def to_word(pilot, view: DocumentView, word: str) -> None:
    """Put the cursor on the next token `word` after it, as a click would (the keys that
    move the cursor have tests of their own)."""
    here = view.cursor_token.end if view.cursor_token else 0
    following = [t for t in view.tokens if t.start >= here and t.text == word]
    first = [t for t in view.tokens if t.text == word]
    target = (following or first or [None])[0]
    if target is None:
        raise AssertionError(f"no token {word!r} in the document")
    view.go_to_offset(target.start)
    await pilot.pause()


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


def make_team_project(path: Path) -> Path:
    """The sample corpus in the double workflow, every document assigned to alice and bob."""
    def team(project: Project) -> None:
        project.set_workflow("double")
        project.assign(["alice", "bob"], overlap=2)
    return make_sample_project(path, annotator="carol", prepare=team)


def tag_words(path: Path, annotator: str, doc_id: str, tags: dict[str, str],
              done: bool = True) -> None:
    """Tag the first occurrence of each word in the annotator's own layer (as the TUI tests
    of annotating do through keys), and mark the document done."""
    with Project.open(path, annotator=annotator) as project:
        text = project.document(doc_id).text
        for word, label in tags.items():
            start = text.index(word)
            project.add_span(doc_id, start, start + len(word), label)
        if done:
            project.set_document_status(doc_id, "done")
