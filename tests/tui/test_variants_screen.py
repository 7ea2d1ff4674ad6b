"""The Variants review screen, driven with Pilot; stored state checked after reopening."""

import pytest
from textual.widgets import DataTable

from annotator.store import Project
from annotator.tui.screens.variants import VariantsScreen
from tui_harness import make_sample_project, settle
from tui_harness import run as run_app


def _entities(project):
    project.accept_variants(["Kazakhstan", "Qazaqstan"], label="LOC")
    project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
    project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")


@pytest.fixture
def project_path(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    return make_sample_project(tmp_path / "v.db", "lin", _entities)


def run(path, scenario):
    async def on_variants(app, pilot):
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VariantsScreen)
        await scenario(app, pilot)
    run_app(path, on_variants, annotator="lin", size=(120, 32))


def rows(table):
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def test_entities_are_listed_by_count_with_forms_and_a_concordance(project_path):
    async def scenario(app, pilot):
        entities = app.screen.query_one("#entities", DataTable)
        assert [row[:5] for row in rows(entities)] == [
            ["Kazakhstan", "LOC", "2", "28", "5"], ["Mazhilis", "ORG", "2", "12", "4"],
            ["Vassilenko", "PERSON", "2", "6", "2"]]
        await pilot.press("down", "down", "tab", "down")
        await settle(pilot)
        concordance = str(app.screen.query_one("#concordance").render())
        assert concordance.startswith("Vasilenko in context") and "emphasized Roman" in concordance
        await pilot.press("tab", "o")          # sort by canonical
        await pilot.pause()
        assert rows(entities)[0][0] == "Kazakhstan" and rows(entities)[2][0] == "Vassilenko"
    run(project_path, scenario)


def test_split_rename_cyrillic_and_reject_persist(project_path):
    async def scenario(app, pilot):
        await pilot.press("tab", "down", "s")                   # Qazaqstan split off
        await settle(pilot)
        entities = app.screen.query_one("#entities", DataTable)
        names = [row[0] for row in rows(entities)]
        assert "Qazaqstan" in names
        await pilot.press("tab")
        await pilot.press(*["down"] * names.index("Qazaqstan"))
        await pilot.press("R", *["backspace"] * 12, *"Qazaqstan TV", "enter")
        await settle(pilot)
        await pilot.press("home")
        await pilot.press("C", *["backspace"] * 20, *"ru: Казахстан; kk: Қазақстан", "enter")
        await settle(pilot)
        await pilot.press("down", "tab", "down", "x")           # Majilis is not Mazhilis
        await settle(pilot)
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
        await settle(pilot)
        entities = app.screen.query_one("#entities", DataTable)
        assert entities.row_count == 2
        await pilot.press("u")
        await settle(pilot)
        assert entities.row_count == 3
    run(project_path, scenario)
    with Project.open(project_path) as project:
        assert len(project.entities()) == 3


def test_preannotation_runs_in_a_worker_and_reports(project_path):
    async def scenario(app, pilot):
        await pilot.press("P")
        await settle(pilot)
        assert "46 suggestions added" in str(app.screen.query_one("#status").render())
    run(project_path, scenario)
    with Project.open(project_path) as project:
        assert project.stats().spans["LOC"]["suggested"] == 28


def test_the_entity_type_is_changed_and_an_unknown_one_refused(project_path):
    async def scenario(app, pilot):
        await pilot.press("home", "t", *["backspace"] * 3, *"PLACE", "enter")
        await settle(pilot)
        assert "no label 'PLACE'" in str(app.screen.query_one("#status").render())
        await pilot.press("t", *["backspace"] * 3, *"org", "enter")
        await settle(pilot)
        entities = app.screen.query_one("#entities", DataTable)
        assert rows(entities)[0][:2] == ["Kazakhstan", "ORG"]
    run(project_path, scenario)
    with Project.open(project_path) as project:
        assert project.find_entity("Kazakhstan").label == "ORG"


def test_a_prompt_shows_an_entity_name_with_markup_as_written(project_path):
    with Project.open(project_path, annotator="lin") as project:
        project.rename_entity(project.entity_id("Vassilenko"), "[b]Vas[/b]")

    async def scenario(app, pilot):
        await pilot.press("end", "t")
        await pilot.pause()
        question = str(app.screen.query_one("Label").render())
        assert question.startswith("Type of [b]Vas[/b] (")
        await pilot.press("escape")
    run(project_path, scenario)
