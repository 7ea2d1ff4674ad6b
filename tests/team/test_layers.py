"""Layers: in the double workflow each annotator's spans and statuses are their own; the
shared workflow is one common layer (gold); projects from before layers keep every span."""

from __future__ import annotations

import pytest

from annotator.core.errors import InvalidValue
from annotator.core.records import Incoming
from annotator.store import Project
from annotator.store.backends import postgres, postgres_schema, sqlite, sqlite_schema

DOC = "doc"
TEXT = "Vassilenko met Tokayev in Astana. Vasilenko left for Almaty."


def _word(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def team(target):
    """A project in the double workflow with one document, opened as alice, bob and carol."""
    where = target("team")
    with Project.create(where, annotator="carol") as carol:
        carol.import_documents([Incoming(DOC, TEXT, "test", None)])
        carol.set_workflow("double")
    opened = {name: Project.open(where, annotator=name) for name in ("alice", "bob", "carol")}
    yield opened
    for project in opened.values():
        project.close()


def test_a_new_project_is_shared_and_works_in_gold(project):
    assert project.workflow == "shared" and project.layer == "gold"
    with pytest.raises(InvalidValue, match="workflow"):
        project.set_workflow("triple")


def test_each_annotator_sees_only_their_own_spans_and_status(team):
    alice, bob = team["alice"], team["bob"]
    assert alice.layer == "alice" and bob.layer == "bob"
    alice.add_span(DOC, *_word("Vassilenko"), "PERSON")
    bob.add_span(DOC, *_word("Vassilenko"), "PERSON")   # the same span, in another layer
    bob.add_span(DOC, *_word("Astana"), "LOC")
    assert [s.label for s in alice.spans(DOC)] == ["PERSON"]
    assert [s.label for s in bob.spans(DOC)] == ["PERSON", "LOC"]
    assert {s.layer for s in bob.spans(DOC)} == {"bob"}
    assert bob.spans(DOC, layer="gold") == []
    alice.set_document_status(DOC, "done")
    assert alice.summary(DOC).status.value == "done"
    assert bob.summary(DOC).status.value == "in_progress"
    assert alice.document(DOC).status.value == "new", "gold waits for adjudication"
    assert sorted(alice.annotators_of(DOC)) == ["alice", "bob"], "working takes it on"


def test_undo_in_a_layer_restores_that_layer_only(team):
    alice, bob = team["alice"], team["bob"]
    alice.add_span(DOC, *_word("Tokayev"), "PERSON")
    bob.add_span(DOC, *_word("Tokayev"), "PERSON")
    alice.undo()
    assert alice.spans(DOC) == [] and len(bob.spans(DOC)) == 1
    assert alice.status_in_layer(DOC).value == "new"
    assert bob.status_in_layer(DOC).value == "in_progress"
    alice.redo()
    assert len(alice.spans(DOC)) == 1


def test_a_reviewer_can_work_in_gold_or_read_any_layer(team):
    carol = team["carol"]
    team["alice"].add_span(DOC, *_word("Almaty"), "LOC")
    assert [s.layer for s in carol.spans(DOC, layer="alice")] == ["alice"]
    carol.use_layer("gold")
    carol.add_span(DOC, *_word("Almaty"), "LOC")
    assert carol.document(DOC).status.value == "in_progress"
    assert carol.layers() == ["gold", "alice"]


def test_gold_is_not_an_annotator_name(tmp_path):
    with pytest.raises(InvalidValue, match="gold"):
        Project.create(tmp_path / "x.db", annotator="gold")


def test_migration_to_layers_keeps_every_span_in_gold(target, monkeypatch):
    """A project made by the version before layers (schema 5): its spans, rejected
    suggestions and statuses all arrive in gold, and the project is shared."""
    where = target("old")
    for module in (sqlite, sqlite_schema, postgres, postgres_schema):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 5)
    with Project.create(where, annotator="alice") as old:
        # Rows as that version wrote them (today's import also writes later tables).
        with old.db.transaction():
            old.db.execute(
                "INSERT INTO documents (seq, id, text, text_hash, meta, status, source, "
                "imported_at, imported_by) VALUES (1, ?, ?, ?, '{}', 'new', 'test', 'then', "
                "'alice')", (DOC, TEXT, Incoming(DOC, TEXT, "test", None).text_hash()))
        seq = old.db.scalar("SELECT seq FROM documents WHERE id = ?", (DOC,))
        with old.db.transaction():
            for label, word in [("PERSON", "Vassilenko"), ("PERSON", "Vasilenko"),
                                ("LOC", "Astana"), ("LOC", "Almaty")]:
                old.db.execute(
                    "INSERT INTO spans (doc_seq, start_char, end_char, label, status, "
                    "annotator, created_at) VALUES (?, ?, ?, ?, 'accepted', 'alice', ?)",
                    (seq, *_word(word), label, "2026-01-01T00:00:00+00:00"))
            old.db.execute("INSERT INTO span_rejections VALUES (?, ?, ?, 'ORG', 'alice', "
                           "'then')", (seq, *_word("Tokayev")))
            old.db.execute("UPDATE documents SET status = 'done'")
    monkeypatch.undo()
    with Project.open(where, annotator="bob") as migrated:
        assert migrated.workflow == "shared"
        found = [(s.layer, TEXT[s.start:s.end]) for s in migrated.spans(DOC)]
        assert found == [("gold", "Vassilenko"), ("gold", "Astana"),
                         ("gold", "Vasilenko"), ("gold", "Almaty")]
        assert migrated.db.scalar("SELECT count(*) FROM span_rejections WHERE layer = 'gold'"
                                  ) == 1
        assert migrated.document(DOC).status.value == "done"
        span = migrated.add_span(DOC, *_word("Tokayev"), "PERSON")
        assert span.layer == "gold"


def test_work_done_elsewhere_is_imported_into_each_annotators_layer(tmp_path):
    import json

    from click.testing import CliRunner

    from annotator.cli import main

    where = str(tmp_path / "imported.db")
    Project.create(where, annotator="carol").close()
    for name, word in (("alice", "Astana"), ("bob", "Almaty")):
        source = tmp_path / f"{name}.jsonl"
        start = TEXT.index(word)
        source.write_text(json.dumps({"id": DOC, "text": TEXT, "spans": [
            {"start": start, "end": start + len(word), "label": "LOC"}]}) + "\n", "utf-8")
        result = CliRunner().invoke(main, ["import", str(source), "--layer", name, "-p", where])
        assert result.exit_code == 0, result.output
    with Project.open(where, annotator="carol") as carol:
        assert [TEXT[s.start:s.end] for s in carol.spans(DOC, layer="alice")] == ["Astana"]
        assert [TEXT[s.start:s.end] for s in carol.spans(DOC, layer="bob")] == ["Almaty"]
        assert carol.spans(DOC, layer="gold") == []
    refused = CliRunner().invoke(main, ["import", str(source), "--layer", "", "-p", where])
    assert refused.exit_code == 1 and "annotator name" in refused.stderr
