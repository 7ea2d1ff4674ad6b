"""Double annotation in the real TUI: two annotators tag the same document, each in their
own layer; a reviewer sees the agreement, opens the document for review, takes one
annotator's span and the agreed ones, undoes, and gold is what the file keeps."""

from __future__ import annotations

from annotator.store import Project
from annotator.tui.screens.agreement import AgreementScreen
from annotator.tui.screens.review import ReviewScreen
from tui_harness import DOC, make_team_project, open_document, run, settle, status, to_word

ROW = 3  # DOC's row in the list (import order)


def tag_in_tui(path, annotator: str, words: dict[str, str]) -> None:
    async def scenario(app, pilot):
        title = str(app.screen.query_one("#summary").render())
        assert f"{annotator}'s layer" in title and "my queue" in title
        view = await open_document(app, pilot, ROW)
        assert f"{annotator}'s layer" in str(app.screen.query_one("#title").render())
        assert view.spans == [], "the other annotator's spans are not shown"
        for word, key in words.items():
            await to_word(pilot, view, word)
            await pilot.press(key)
        await pilot.press("d")
        await settle(pilot)
    run(path, scenario, annotator=annotator)


def test_two_annotators_then_a_reviewer_takes_a_then_agreed_and_undoes(tmp_path):
    path = make_team_project(tmp_path / "team.db")
    tag_in_tui(path, "alice", {"Vassilenko": "1", "Kazakhstan": "3", "Vasilenko": "1"})
    tag_in_tui(path, "bob", {"Vassilenko": "1", "Kazakhstan": "2"})   # Kazakhstan as ORG
    with Project.open(path, annotator="carol") as carol:
        text = carol.document(DOC).text
        assert sorted(text[s.start:s.end] for s in carol.spans(DOC, layer="alice")) == [
            "Kazakhstan", "Vasilenko", "Vassilenko"]
        assert carol.spans(DOC, layer="gold") == []

    async def review(app, pilot):
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, AgreementScreen)
        report = app.screen.report
        assert report.documents == 1 and report.by_document[0].doc_id == DOC
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.doc_id == DOC
        rows = {(text[r.start:r.end], r.label, tuple(sorted(r.by))) for r in screen.rows}
        assert rows == {("Vassilenko", "PERSON", ("alice", "bob")),
                        ("Kazakhstan", "LOC", ("alice",)), ("Kazakhstan", "ORG", ("bob",)),
                        ("Vasilenko", "PERSON", ("alice",))}
        # Take A: alice's Vasilenko (only she tagged it).
        while text[screen.current().start:screen.current().end] != "Vasilenko":
            await pilot.press("down")
        await pilot.press("t")
        await settle(pilot)
        assert "took PERSON by alice" in status(app)
        await pilot.press("g")                     # take agreed: Vassilenko
        await settle(pilot)
        assert "took 1 agreed" in status(app)
        await pilot.press("u")                     # undo the agreed take
        await settle(pilot)
        assert "undid: take agreed spans" in status(app)
        assert len(screen.document.open_disputes()) == 2, "the two Kazakhstan versions"
    run(path, review, annotator="carol")
    with Project.open(path, annotator="carol") as reopened:
        gold = [(text[s.start:s.end], s.label, s.annotator)
                for s in reopened.spans(DOC, layer="gold")]
        assert gold == [("Vasilenko", "PERSON", "carol")]
        assert reopened.document(DOC).status == "in_progress"


def test_an_annotator_of_the_team_may_not_open_review(tmp_path):
    path = make_team_project(tmp_path / "team.db")
    with Project.open(path, annotator="carol") as owner:
        owner.grant("alice")

    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
        assert "only reviewers and the owner adjudicate" in status(app)
    run(path, scenario, annotator="alice")
