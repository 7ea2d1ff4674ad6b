"""Snapshots pin the layout of each screen, at a roomy size and at 80x24 (update with:
./dev test tests/tui/test_snapshots.py --snapshot-update, then look at every changed SVG)."""

import pytest

from annotator.tui.app import AnnotatorApp
from tui_harness import DOC, make_sample_project, make_team_project, settle, tag_words

ROOMY = {"documents": (100, 20), "annotate": (110, 30), "variants": (110, 24),
         "suggestions": (110, 30), "help": (100, 30)}
SMALL = (80, 24)


def _prepared(project):
    project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
    project.set_cyrillic_forms(project.entity_id("Mazhilis"), "kk", ["Мәжіліс"])
    project.set_cyrillic_forms(project.entity_id("Mazhilis"), "ru", ["Мажилис"])
    project.preannotate()
    text = project.document(DOC).text
    start = text.index("Kassym-Jomart Tokayev")
    project.add_span(DOC, start, start + len("Kassym-Jomart Tokayev"), "PERSON")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    return AnnotatorApp(make_sample_project(tmp_path / "sample.db", prepare=_prepared), "alice")


async def on_documents(pilot):
    await settle(pilot)


async def on_annotate(pilot):
    await pilot.press("down", "down", "down", "enter")
    await settle(pilot)
    await pilot.press("n")                       # to the first suggestion
    await settle(pilot)


async def on_variants(pilot):
    await pilot.press("v")
    await settle(pilot)


async def on_suggestions(pilot):
    await pilot.press("v")
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)


async def on_help(pilot):
    await pilot.press("question_mark")
    await settle(pilot)


SCREENS = {"documents": on_documents, "annotate": on_annotate, "variants": on_variants,
           "suggestions": on_suggestions, "help": on_help}


@pytest.mark.slow
@pytest.mark.parametrize("screen", list(SCREENS))
def test_each_screen(app, snap_compare, screen):
    assert snap_compare(app, terminal_size=ROOMY[screen], run_before=SCREENS[screen])


@pytest.mark.slow
@pytest.mark.parametrize("screen", list(SCREENS))
def test_each_screen_at_80_by_24(app, snap_compare, screen):
    assert snap_compare(app, terminal_size=SMALL, run_before=SCREENS[screen])


@pytest.mark.slow
def test_annotate_screen_in_a_light_theme(app, snap_compare):
    async def light(pilot):
        pilot.app.theme = "textual-light"
        await on_annotate(pilot)

    assert snap_compare(app, terminal_size=ROOMY["annotate"], run_before=light)


@pytest.fixture
def team_app(tmp_path, monkeypatch):
    """Two annotators who agree on one name and disagree on two, seen by their reviewer."""
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    path = make_team_project(tmp_path / "team.db")
    tag_words(path, "alice", DOC, {"Vassilenko": "PERSON", "Vasilenko": "PERSON",
                                   "Kazakhstan": "LOC", "Mazhilis": "ORG"})
    tag_words(path, "bob", DOC, {"Vassilenko": "PERSON", "Kazakhstan": "ORG",
                                 "Mazhilis": "ORG", "CEC": "ORG"})
    return AnnotatorApp(path, "carol")


async def on_agreement(pilot):
    await pilot.press("I")
    await settle(pilot)


async def on_review(pilot):
    await on_agreement(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("n")                       # to the first open dispute
    await settle(pilot)


@pytest.mark.slow
@pytest.mark.parametrize("screen", [on_agreement, on_review], ids=["agreement", "review"])
def test_team_screens_at_80_by_24(team_app, snap_compare, screen):
    assert snap_compare(team_app, terminal_size=SMALL, run_before=screen)
