"""The Variants review screen, driven with Pilot; stored state checked after reopening."""

import asyncio

import pytest
from textual.widgets import DataTable

from annotator.formats import open_source
from annotator.store import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.variants import VariantsScreen
from helpers import SAMPLE_CORPUS


@pytest.fixture
def project_path(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    path = tmp_path / "v.db"
    with Project.create(path, annotator="lin") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        project.accept_variants(["Kazakhstan", "Qazaqstan"], label="LOC")
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    return path


def run(path, scenario):
    async def main():
        app = AnnotatorApp(path, "lin")
        async with app.run_test(size=(120, 32)) as pilot:
            await pilot.pause()
            await pilot.press("v")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, VariantsScreen)
            await scenario(app, pilot)
    asyncio.run(main())


async def settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_entities_are_listed_by_count_with_forms_and_a_concordance(project_path):
    async def scenario(app, pilot):
        entities = app.screen.query_one("#entities", DataTable)
        assert [entities.get_row_at(i)[:5] for i in range(entities.row_count)] == [
            ["Kazakhstan", "LOC", "2", "28", "5"], ["Mazhilis", "ORG", "2", "12", "4"],
            ["Vassilenko", "PERSON", "2", "6", "2"]]
        await pilot.press("down", "down", "tab", "down")
        await pilot.pause()
        concordance = str(app.screen.query_one("#concordance").render())
        assert concordance.startswith("Vasilenko in context") and "emphasized Roman" in concordance
        await pilot.press("tab", "o")          # sort by canonical
        await pilot.pause()
        assert entities.get_row_at(0)[0] == "Kazakhstan" and entities.get_row_at(2)[0] == "Vassilenko"
    run(project_path, scenario)


def test_split_rename_cyrillic_and_reject_persist(project_path):
    async def scenario(app, pilot):
        await pilot.press("tab", "down", "s")                   # Qazaqstan split off
        await settle(app, pilot)
        entities = app.screen.query_one("#entities", DataTable)
        names = [entities.get_row_at(i)[0] for i in range(entities.row_count)]
        assert "Qazaqstan" in names
        await pilot.press("tab")
        await pilot.press(*["down"] * names.index("Qazaqstan"))
        await pilot.press("R", *["backspace"] * 12, *"Qazaqstan TV", "enter")
        await settle(app, pilot)
        await pilot.press("home")
        await pilot.press("C", *["backspace"] * 20, *"ru: Казахстан; kk: Қазақстан", "enter")
        await settle(app, pilot)
        await pilot.press("down", "tab", "down", "x")           # Majilis is not Mazhilis
        await settle(app, pilot)
    run(project_path, scenario)
    with Project.open(project_path) as project:
        by_name = {e.canonical: e for e in project.entities()}
        assert by_name["Qazaqstan TV"].forms == ["Qazaqstan"]
        assert by_name["Kazakhstan"].cyrillic == {"kk": ["Қазақстан"], "ru": ["Казахстан"]}
        assert by_name["Mazhilis"].forms == ["Mazhilis"]
        assert frozenset({"Majilis", "Mazhilis"}) in project.rejected_pairs()


def test_merge_and_undo(project_path):
    async def scenario(app, pilot):
        await pilot.press("m", *"Vassil", "enter")       # merge Vassilenko into Kazakhstan
        await settle(app, pilot)
        entities = app.screen.query_one("#entities", DataTable)
        assert entities.row_count == 2
        await pilot.press("u")
        await settle(app, pilot)
        assert entities.row_count == 3
    run(project_path, scenario)
    with Project.open(project_path) as project:
        assert len(project.entities()) == 3


def test_preannotation_runs_in_a_worker_and_reports(project_path):
    async def scenario(app, pilot):
        await pilot.press("P")
        await settle(app, pilot)
        assert "46 suggestions added" in str(app.screen.query_one("#status").render())
    run(project_path, scenario)
    with Project.open(project_path) as project:
        assert project.stats().spans["LOC"]["suggested"] == 28
