"""The Suggestions review screen, driven with Pilot on the sample corpus; what a decision
stored is checked after the app has closed."""

import pytest
from textual.widgets import DataTable

from annotator.formats import open_source
from annotator.store import Project
from annotator.tui.screens.suggestions import SuggestionsScreen
from tui_harness import make_sample_project, settle, status
from tui_harness import run as run_app


@pytest.fixture
def project_path(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    return make_sample_project(tmp_path / "s.db", "lin")


def run(path, scenario, size=(80, 24)):
    async def on_suggestions(app, pilot):
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)
        await scenario(app, pilot)
    run_app(path, on_suggestions, annotator="lin", size=size)


def canonicals(app):
    table = app.screen.query_one("#clusters", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def to_cluster(app, pilot, canonical):
    app.screen.query_one("#clusters").focus()
    await pilot.press("home", *["down"] * canonicals(app).index(canonical))
    await settle(pilot)


def test_clusters_are_listed_by_score_with_rules_and_contexts(project_path):
    async def scenario(app, pilot):
        assert {"Kazakhstan", "Mazhilis", "Vassilenko"} <= set(canonicals(app))
        scores = [round(s.score, 2) for s in app.screen.listed]
        assert scores == sorted(scores, reverse=True)
        await to_cluster(app, pilot, "Mazhilis")
        rules = str(app.screen.query_one("#cluster-rules").render())
        assert "Majilis → Mazhilis" in rules and "j → zh" in rules
        contexts = str(app.screen.query_one("#cluster-contexts").render())
        assert "Majilis" in contexts and "Mazhilis" in contexts
    run(project_path, scenario)


def test_accept_with_canonical_and_type_then_the_next_cluster_follows(project_path):
    async def scenario(app, pilot):
        await to_cluster(app, pilot, "Kazakhstan")
        row = canonicals(app).index("Kazakhstan")
        following = canonicals(app)[row + 1] if row + 1 < len(canonicals(app)) else None
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab", *"LOC", "enter")
        await settle(pilot)
        assert "Kazakhstan" not in canonicals(app)
        assert "are one entity: Kazakhstan (LOC)" in status(app)
        if following:
            assert canonicals(app)[app.screen.query_one("#clusters").cursor_row] == following
    run(project_path, scenario)
    with Project.open(project_path) as project:
        entity = project.find_entity("Kazakhstan")
        assert sorted(entity.forms) == ["Kazakhstan", "Qazaqstan"] and entity.label == "LOC"


def test_an_unknown_type_is_refused_in_the_dialog(project_path):
    async def scenario(app, pilot):
        await to_cluster(app, pilot, "Vassilenko")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab", *"PERSN", "enter")
        await pilot.pause()
        assert "no label 'PERSN'" in str(app.screen.query_one("#accept-problem").render())
        await pilot.press(*["backspace"] * 5, *"person", "enter")   # any case
        await settle(pilot)
    run(project_path, scenario)
    with Project.open(project_path) as project:
        assert project.find_entity("Vassilenko").label == "PERSON"


def test_reject_a_cluster_and_undo(project_path):
    async def scenario(app, pilot):
        await to_cluster(app, pilot, "Mazhilis")
        await pilot.press("x")
        await settle(pilot)
        assert "Mazhilis" not in canonicals(app)
        await pilot.press("u")
        await settle(pilot)
        assert "Mazhilis" in canonicals(app)
        await to_cluster(app, pilot, "Mazhilis")
        await pilot.press("x")
        await settle(pilot)
    run(project_path, scenario)
    with Project.open(project_path) as project:
        assert frozenset({"Majilis", "Mazhilis"}) in project.rejected_pairs()
        assert not project.entities()


def test_split_marked_spellings_and_reject_one(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    path = tmp_path / "split.db"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d1.txt").write_text("Tokayev met Tokaev. Toqaev spoke to Tokayev. Vassilenko, "
                                   "Vasilenko and Vasylenko agreed with Vasilenko.\n")
    with Project.create(path, annotator="lin") as project:
        project.import_documents(open_source(str(corpus)))

    async def scenario(app, pilot):
        assert sorted(map(sorted, (s.variants for s in app.screen.listed))) == [
            ["Tokaev", "Tokayev", "Toqaev"], ["Vasilenko", "Vassilenko", "Vasylenko"]]
        await to_cluster(app, pilot, "Tokayev")
        forms = [f.form for f in app.screen.current.forms]
        await pilot.press("tab", *["down"] * forms.index("Toqaev"), "space", "s")
        await settle(pilot)
        assert sorted(map(sorted, (s.variants for s in app.screen.listed))) == [
            ["Tokaev", "Tokayev"], ["Vasilenko", "Vassilenko", "Vasylenko"]]
        await to_cluster(app, pilot, "Vasilenko")
        forms = [f.form for f in app.screen.current.forms]
        await pilot.press("tab", "home", *["down"] * forms.index("Vasylenko"), "r")
        await settle(pilot)
        assert sorted(map(sorted, (s.variants for s in app.screen.listed))) == [
            ["Tokaev", "Tokayev"], ["Vasilenko", "Vassilenko"]]
    run(path, scenario, size=(100, 30))
    with Project.open(path) as project:
        rejected = project.rejected_pairs()
        assert {frozenset({"Toqaev", "Tokayev"}), frozenset({"Toqaev", "Tokaev"}),
                frozenset({"Vasylenko", "Vasilenko"}),
                frozenset({"Vasylenko", "Vassilenko"})} <= set(rejected)
        assert frozenset({"Tokayev", "Tokaev"}) not in rejected


def test_a_long_list_shows_the_first_rows_and_says_so(project_path, monkeypatch):
    from annotator.tui.screens import suggestions

    monkeypatch.setattr(suggestions, "SHOWN", 2)

    async def scenario(app, pilot):
        assert app.screen.query_one("#clusters", DataTable).row_count == 2
        summary = str(app.screen.query_one("#suggestions-summary").render())
        assert "(the first 2 shown)" in summary
        first = canonicals(app)[0]
        await pilot.press("x")                      # the next one comes up
        await settle(pilot)
        assert first not in canonicals(app) and len(canonicals(app)) == 2
    run(project_path, scenario)


def test_grouping_the_forms_again_says_so(project_path):
    notes = []

    async def scenario(app, pilot):
        app.screen.passing = lambda message: notes.append(message)
        await pilot.press("x")                      # a decision: computed again
        await settle(pilot)
    run(project_path, scenario)
    assert any(n.startswith("grouping ") and "forms into suggestions" in n for n in notes)
