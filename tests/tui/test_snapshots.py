"""Snapshots pin the layout of each screen (update with: ./dev test --snapshot-update)."""

import pytest

from annotator.formats import open_source
from annotator.store import Project
from annotator.tui.app import AnnotatorApp
from helpers import SAMPLE_CORPUS


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    path = tmp_path / "sample.db"
    with Project.create(path, annotator="alice") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.set_cyrillic_forms(project.entity_id("Mazhilis"), "kk", ["Мәжіліс"])
        project.preannotate()
        doc = "54b3eda07178e59d"
        text = project.document(doc).text
        start = text.index("Kassym-Jomart Tokayev")
        project.add_span(doc, start, start + len("Kassym-Jomart Tokayev"), "PERSON")
    return AnnotatorApp(path, "alice")


async def settled(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_project_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=(100, 20), run_before=settled)


def test_annotate_screen(app, snap_compare):
    async def open_and_move(pilot):
        await pilot.press("down", "down", "down", "enter")
        await settled(pilot)
        await pilot.press("n")                       # to the first suggestion
        await settled(pilot)

    assert snap_compare(app, terminal_size=(110, 30), run_before=open_and_move)


def test_annotate_screen_at_80_by_24(app, snap_compare):
    async def open_doc(pilot):
        await pilot.press("down", "down", "down", "enter")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_doc)


def test_variants_screen(app, snap_compare):
    async def open_variants(pilot):
        await pilot.press("v")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(110, 24), run_before=open_variants)


def test_help_screen(app, snap_compare):
    async def open_help(pilot):
        await pilot.press("question_mark")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=open_help)


def test_annotate_screen_in_a_light_theme(app, snap_compare):
    async def light(pilot):
        pilot.app.theme = "textual-light"
        await pilot.press("down", "down", "down", "enter")
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(110, 30), run_before=light)
