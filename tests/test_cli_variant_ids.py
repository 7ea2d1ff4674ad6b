"""Suggestions named by id on the command line, and entity types set from it."""

import json

from click.testing import CliRunner

from annotator.cli import main
from annotator.store import Project
from helpers import SAMPLE_CORPUS


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def suggestion_id(db, form):
    found = json.loads(run("variants", "suggest", "--format", "json", "-p", db).output)
    return next(s["id"] for s in found if form in s["variants"])


def test_ids_are_stable_and_accept_and_reject_take_them(target):
    db = target("v")
    run("init", "-p", db)
    run("import", SAMPLE_CORPUS, "-p", db)
    first = suggestion_id(db, "Mazhilis")
    assert first == suggestion_id(db, "Mazhilis"), "the same cluster, the same id"
    accepted = run("variants", "accept", first, "-p", db)
    assert accepted.exit_code == 0, accepted.output
    assert "Mazhilis (no type) = Majilis, Mazhilis" in accepted.output
    assert "annotator variants type 1 LABEL" in accepted.output
    typed = run("variants", "type", "Majilis", "ORG", "-p", db)
    assert "Mazhilis (ORG)" in typed.output
    with Project.open(db) as project:
        assert project.find_entity("Mazhilis").label == "ORG"
    assert run("undo", "-p", db).exit_code == 0
    with Project.open(db) as project:
        assert project.find_entity("Mazhilis").label is None
    other = suggestion_id(db, "Vassilenko")
    assert "rejected 1 pair" in run("variants", "reject", other, "-p", db).output
    assert all("Vassilenko" not in s["variants"] for s in json.loads(
        run("variants", "suggest", "--format", "json", "-p", db).output))
    gone = run("variants", "accept", other, "-p", db)
    assert gone.exit_code == 1 and f"no suggestion {other} now" in gone.output
    assert "unknown label 'NOPE'" in run("variants", "type", "Mazhilis", "NOPE", "-p", db).output
