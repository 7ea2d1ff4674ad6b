"""Annotation from the command line: spans add/list/remove and docs list/set-status go
through the facade, are recorded under the annotator's name and undo like TUI actions."""

import json

from click.testing import CliRunner

from annotator.cli import main
from annotator.store import Project
from helpers import SAMPLE_CORPUS

DOC = "54b3eda07178e59d"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def sample(target):
    db = target("cli")
    assert run("init", "-p", db).exit_code == 0
    assert run("import", SAMPLE_CORPUS, "-p", db).exit_code == 0
    return db


def where(db, name):
    with Project.open(db) as project:
        start = project.document(DOC).text.index(name)
    return start, start + len(name)


def test_add_list_remove_and_undo(target):
    db = sample(target)
    start, end = where(db, "Vassilenko")
    added = run("spans", "add", DOC, start, end, "PERSON", "--entity", "Roman Vassilenko",
                "--annotator", "alice", "-p", db)
    assert added.exit_code == 0, added.output
    assert f"[{start}, {end}) PERSON 'Vassilenko' -> Roman Vassilenko" in added.output
    listed = json.loads(run("spans", "list", DOC, "--format", "json", "-p", db).output)
    assert [(s["start"], s["end"], s["label"], s["text"], s["canonical"], s["annotator"])
            for s in listed] == [(start, end, "PERSON", "Vassilenko", "Roman Vassilenko", "alice")]
    with Project.open(db) as project:
        entity = project.find_entity("Roman Vassilenko")
        assert entity.label == "PERSON" and "Vassilenko" in entity.forms
    again = run("spans", "add", DOC, start, end, "PERSON", "-p", db)
    assert again.exit_code == 1 and "overlaps the accepted PERSON span" in again.output
    assert run("undo", "--annotator", "alice", "-p", db).exit_code == 0
    assert json.loads(run("spans", "list", DOC, "--format", "json", "-p", db).output) == []
    with Project.open(db) as project:
        assert project.entities() == [], "one action: the entity went with the span"
    run("redo", "--annotator", "alice", "-p", db)
    span_id = json.loads(run("spans", "list", "--format", "json", "-p", db).output)[0]["id"]
    removed = run("spans", "remove", span_id, "-p", db)
    assert removed.exit_code == 0 and f"removed span {span_id}" in removed.output
    assert "no spans" in run("spans", "list", "-p", db).output


def test_errors_name_the_problem(target):
    db = sample(target)
    assert "no document 'nope'" in run("spans", "add", "nope", 0, 4, "PERSON", "-p", db).output
    result = run("spans", "add", DOC, 0, 10**6, "PERSON", "-p", db)
    assert result.exit_code == 1 and "is not inside the document" in result.output
    result = run("spans", "add", DOC, 0, 4, "NOPE", "-p", db)
    assert result.exit_code == 1 and "NOPE" in result.output
    assert "no span 999" in run("spans", "remove", 999, "-p", db).output
    result = run("docs", "set-status", DOC, "nope", "done", "-p", db)
    assert result.exit_code == 1 and "no document 'nope'" in result.output
    with Project.open(db) as project:
        assert project.document(DOC).status.value == "new", "all or none"


def test_docs_list_and_set_status_in_one_undo_step(target):
    db = sample(target)
    docs = json.loads(run("docs", "list", "--format", "json", "-p", db).output)
    assert len(docs) == 5 and {d["status"] for d in docs} == {"new"}
    ids = [d["id"] for d in docs[:2]]
    result = run("docs", "set-status", *ids, "done", "--annotator", "bob", "-p", db)
    assert result.exit_code == 0 and "marked 2 documents done" in result.output
    done = json.loads(run("docs", "list", "--status", "done", "--format", "json", "-p", db).output)
    assert [d["id"] for d in done] == ids
    assert "Significant Election Campaign" in run("docs", "list", "-p", db).output
    assert run("undo", "--annotator", "bob", "-p", db).exit_code == 0
    assert run("docs", "list", "--status", "done", "-p", db).output.strip() == "no documents done"


def test_a_span_list_shows_document_text_as_data(target):
    db = target("odd")
    run("init", "-p", db)
    with Project.open(db) as project:
        from annotator.core.records import Incoming

        project.import_documents([Incoming("d", "\x1b[31mRed\x1b[0m Astana", "t", 1)])
    start = len("\x1b[31mRed\x1b[0m ")
    run("spans", "add", "d", start, start + 6, "LOC", "-p", db)
    run("spans", "add", "d", 0, 5, "ORG", "-p", db)
    output = run("spans", "list", "-p", db).output
    assert "\x1b" not in output and "Astana" in output
