"""Adjudication: a reviewer takes annotators' spans into gold, or everything they agree
on; `adjudicate --auto` settles whole documents; undo works; exports take gold."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.errors import InvalidValue
from annotator.core.records import Incoming
from annotator.store import Project

TEXT = "Vassilenko met Tokayev in Astana and the Mazhilis agreed ."
WORDS = {"Vassilenko": "PERSON", "Tokayev": "PERSON", "Astana": "LOC", "Mazhilis": "ORG"}


def span_of(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


# Who tags what, per document: d0 all agree; d1 carol leaves out Mazhilis (2 of 3);
# d2 bob calls Astana ORG and carol leaves it out (1 of 3 each); d3 carol never finishes.
PLAN = {
    "d0": {name: list(WORDS) for name in ("alice", "bob", "carol")},
    "d1": {"alice": list(WORDS), "bob": list(WORDS),
           "carol": ["Vassilenko", "Tokayev", "Astana"]},
    "d2": {"alice": list(WORDS), "bob": list(WORDS), "carol": ["Vassilenko", "Tokayev",
                                                               "Mazhilis"]},
    "d3": {name: list(WORDS) for name in ("alice", "bob", "carol")},
}
RELABEL = {("bob", "d2", "Astana"): "ORG"}


@pytest.fixture
def team(target):
    where = target("adjudicate")
    with Project.create(where, annotator="lin") as owner:
        owner.set_workflow("double")
        owner.import_documents([Incoming(doc, f"{TEXT} ({doc})", "test", None)
                                for doc in PLAN])
        owner.assign(["alice", "bob", "carol"], overlap=3)
    for name in ("alice", "bob", "carol"):
        with Project.open(where, annotator=name) as annotator:
            for doc, by_name in PLAN.items():
                for word in by_name[name]:
                    label = RELABEL.get((name, doc, word), WORDS[word])
                    annotator.add_span(doc, *span_of(word), label)
                if not (name == "carol" and doc == "d3"):
                    annotator.set_document_status(doc, "done")
    with Project.open(where, annotator="lin") as reviewer:
        yield reviewer


def gold(project: Project, doc: str) -> list[tuple[str, str]]:
    return [(TEXT[s.start:s.end], s.label) for s in project.spans(doc, layer="gold")]


def test_the_review_of_a_document_shows_agreement_and_disputes(team):
    seen = team.review("d2")
    assert seen.annotators == ["alice", "bob", "carol"] and seen.finished == seen.annotators
    assert {TEXT[c.start:c.end] for c in seen.agreed()} == {"Vassilenko", "Tokayev",
                                                            "Mazhilis"}
    disputed = {(TEXT[c.start:c.end], c.label, tuple(sorted(c.by))) for c in seen.disputed()}
    assert disputed == {("Astana", "LOC", ("alice",)), ("Astana", "ORG", ("bob",))}
    assert seen.disputed(majority=True) == [], "with three, no ties"


def test_take_one_span_take_agreed_and_undo(team):
    seen = team.review("d2")
    bobs = next(c for c in seen.candidates if c.label == "ORG" and c.start == 26)
    taken = team.take_span(bobs.by["bob"])
    assert (taken.layer, taken.label, taken.annotator) == ("gold", "ORG", "lin")
    assert team.take_agreed("d2") == 3
    assert sorted(gold(team, "d2")) == sorted([("Vassilenko", "PERSON"), ("Tokayev", "PERSON"),
                                               ("Astana", "ORG"), ("Mazhilis", "ORG")])
    alices = next(c for c in seen.candidates if c.label == "LOC")
    team.take_span(alices.by["alice"])  # another label: both stay (labels may overlap)
    assert ("Astana", "LOC") in gold(team, "d2")
    team.undo()
    team.undo()
    assert gold(team, "d2") == [("Astana", "ORG")]
    assert team.spans("d2", layer="bob")[2].label == "ORG", "the annotators' layers untouched"
    with pytest.raises(InvalidValue, match="gold already"):
        team.take_span(team.spans("d2", layer="gold")[0].id)


def test_taking_another_version_replaces_the_overlapping_gold_span(team):
    team.take_agreed("d1")
    start, end = span_of("Tokayev")
    wider = team.spans("d1", layer="alice")[1]
    with Project.open(team.target, annotator="alice") as alice:
        alice.remove_span(wider.id)
        alice.add_span("d1", start, end + len(" in"), "PERSON")
    replacement = next(s for s in team.spans("d1", layer="alice") if s.end == end + 3)
    team.take_span(replacement.id)
    assert ("Tokayev in", "PERSON") in gold(team, "d1")
    assert ("Tokayev", "PERSON") not in gold(team, "d1")


def test_auto_agreed_settles_what_it_can_and_reports_the_rest(team):
    report = team.adjudicate("agreed")
    assert report.adjudicated == ["d0"]
    assert report.for_review == {"d1": 1, "d2": 2}
    assert report.waiting == ["d3"]
    assert report.spans_taken == 4 + 3 + 3
    assert team.document("d0").status.value == "done"
    assert team.document("d1").status.value == "in_progress"
    assert team.adjudication_progress() == (1, 4)
    again = team.adjudicate("agreed")
    assert (again.spans_taken, again.already_done, again.adjudicated) == (0, 1, [])
    assert team.undo().action == "adjudicate (agreed)", "the re-run changed nothing"
    assert all(gold(team, doc) == [] for doc in PLAN)
    assert team.document("d0").status.value == "new"


def test_auto_majority_takes_two_of_three(team):
    report = team.adjudicate("majority")
    assert sorted(report.adjudicated) == ["d0", "d1", "d2"]
    assert ("Mazhilis", "ORG") in gold(team, "d1")
    assert not any(word == "Astana" for word, _ in gold(team, "d2")), "no majority for Astana"


def test_the_reviewer_settles_the_rest_and_marks_it_adjudicated(team):
    team.adjudicate("agreed")
    seen = team.review("d2")
    team.take_span(next(c for c in seen.disputed() if c.label == "LOC").by["alice"])
    assert team.review("d2").open_disputes() == []
    team.set_adjudicated("d2")
    assert team.document("d2").status.value == "done"
    left = team.review("d1").open_disputes()
    assert [(TEXT[c.start:c.end], c.label) for c in left] == [("Mazhilis", "ORG")]
    team.reject_from_gold("d1", left[0].start, left[0].end, left[0].label)
    assert team.review("d1").open_disputes() == [] and team.review("d1").candidates[-1].rejected
    team.undo()
    assert len(team.review("d1").open_disputes()) == 1
    assert team.status_in_layer("d2", "alice").value == "done", "annotators' status untouched"


def test_exports_take_adjudicated_gold_or_one_annotators_layer(team, tmp_path):
    team.adjudicate("agreed")
    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(main, ["export", "jsonl", str(out), "-p", team.target])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["d0"]
    assert len(rows[0]["spans"]) == 4
    bob = tmp_path / "bob.jsonl"
    result = CliRunner().invoke(main, ["export", "jsonl", str(bob), "--layer", "bob",
                                       "-p", team.target])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in bob.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["d0", "d1", "d2", "d3"]
    assert {s["label"] for s in rows[2]["spans"] if s["start"] == 26} == {"ORG"}


def test_adjudicate_command_reports_what_is_left(team):
    result = CliRunner().invoke(main, ["adjudicate", "--auto", "agreed", "-p", team.target])
    assert result.exit_code == 0, result.output
    assert "1 document adjudicated" in result.output
    assert "2 documents left for review" in result.output and "d2 (2)" in result.output
    assert "1 document waiting" in result.output
    result = CliRunner().invoke(main, ["adjudicate", "--auto", "agreed", "-p", team.target,
                                       "--format", "json"])
    found = json.loads(result.output)
    assert found["for_review"] == {"d1": 1, "d2": 2} and found["already_done"] == 1
