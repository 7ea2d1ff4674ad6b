import sqlite3

import pytest

from annotator.core.errors import Conflict, InvalidValue, NotFound, ProjectError
from annotator.core.records import Incoming
from annotator.store import Project
from annotator.store.backends.sqlite_schema import SCHEMA_VERSION


def add_doc(project: Project, text: str, doc_id: str = "d1") -> str:
    project.import_documents([Incoming(doc_id, text, "test", None)])
    return doc_id


def test_create_and_reopen_keep_labels_and_settings(tmp_path):
    path = tmp_path / "p.db"
    Project.create(path).close()
    with Project.open(path) as project:
        assert project.labels().names() == ["PERSON", "ORG", "LOC", "EVENT", "TERM"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_opening_what_is_not_a_project_is_a_clear_error(tmp_path):
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(other)
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(other)


def test_a_project_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "p.db"
    Project.create(path).close()
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ProjectError, match="newer annotator"):
        Project.open(path)


def test_spans_are_stored_with_annotator_and_start_the_document(project):
    doc = add_doc(project, "Roman Vasilenko met Tokayev.")
    span = project.add_span(doc, 6, 15, "PERSON")
    assert (span.start, span.end, span.label, span.status, span.annotator) == (
        6, 15, "PERSON", "accepted", "alice")
    assert project.document(doc).status == "in_progress"
    with pytest.raises(InvalidValue, match="not inside the document"):
        project.add_span(doc, 20, 99, "PERSON")
    with pytest.raises(InvalidValue, match="unknown label 'NOPE'"):
        project.add_span(doc, 0, 5, "NOPE")
    with pytest.raises(NotFound):
        project.add_span("other", 0, 5, "PERSON")


def test_same_label_spans_may_not_overlap_but_different_labels_may(project):
    doc = add_doc(project, "Ministry of Foreign Affairs of Kazakhstan")
    project.add_span(doc, 0, 41, "ORG")
    project.add_span(doc, 31, 41, "LOC")
    with pytest.raises(Conflict, match="same label may not overlap"):
        project.add_span(doc, 12, 27, "ORG")
    assert [(s.start, s.label) for s in project.spans(doc)] == [(0, "ORG"), (31, "LOC")]


def test_relabel_accept_and_remove(project):
    doc = add_doc(project, "Qazaqstan TV and KTK")
    span = project.add_span(doc, 0, 9, "LOC", status="suggested")
    assert project.relabel_span(span.id, "ORG").label == "ORG"
    assert project.accept_span(span.id).status == "accepted"
    project.remove_span(span.id)
    assert project.spans(doc) == []


def test_entities_gather_the_forms_of_linked_spans(project):
    doc = add_doc(project, "Vassilenko said. Vasilenko added.")
    entity = project.create_entity("Vassilenko", label="PERSON")
    first = project.add_span(doc, 0, 10, "PERSON", entity_id=entity.id)
    second = project.add_span(doc, 17, 26, "PERSON")
    project.link_span(second.id, entity.id)
    assert project.entity(entity.id).forms == ["Vasilenko", "Vassilenko"]
    assert project.span(first.id).entity_id == entity.id
    assert project.link_span(second.id, None).entity_id is None


def test_label_rename_follows_into_spans_and_undo_renames_back(project):
    doc = add_doc(project, "Astana")
    span = project.add_span(doc, 0, 6, "LOC")
    project.update_label("LOC", new_name="PLACE")
    assert project.span(span.id).label == "PLACE"
    with pytest.raises(Conflict, match="used by 1 span"):
        project.remove_label("PLACE")
    project.undo()
    assert project.span(span.id).label == "LOC"
    assert "LOC" in project.labels().names()


def test_undo_and_redo_survive_a_restart(target):
    path = target("p")
    with Project.create(path, annotator="alice") as project:
        doc = add_doc(project, "Mazhilis and Majilis")
        entity = project.create_entity("Mazhilis", label="ORG")
        span = project.add_span(doc, 13, 20, "ORG", entity_id=entity.id)
    with Project.open(path, annotator="alice") as project:
        assert project.undo().action == "tag 'Majilis' ORG"
        assert project.spans(doc) == []
        assert project.entity(entity.id).forms == ["Mazhilis"]
        assert project.document(doc).status == "new"
    with Project.open(path, annotator="alice") as project:
        assert project.redo().action == "tag 'Majilis' ORG"
        restored = project.spans(doc)
        assert [(s.id, s.entity_id) for s in restored] == [(span.id, entity.id)]
        assert project.entity(entity.id).forms == ["Majilis", "Mazhilis"]
        assert project.redo() is None


def test_a_new_action_clears_what_could_be_redone(project):
    doc = add_doc(project, "Tokayev and Tokaev")
    project.add_span(doc, 0, 7, "PERSON")
    project.undo()
    project.add_span(doc, 12, 18, "PERSON")
    assert project.redo() is None
    assert [s.start for s in project.spans(doc)] == [12]


def test_each_annotator_undoes_only_their_own_actions(target):
    path = target("p")
    with Project.create(path, annotator="alice") as alice:
        doc = add_doc(alice, "Tokayev and Tokaev")
        alice.add_span(doc, 0, 7, "PERSON")
        with Project.open(path, annotator="bob") as bob:
            bob.add_span(doc, 12, 18, "PERSON")
            assert alice.undo().action == "tag 'Tokayev' PERSON"
            assert [s.annotator for s in bob.spans(doc)] == ["bob"]
            assert [e.annotator for e in bob.history(everyone=True)] == ["bob", "alice"]


def test_undo_refuses_when_someone_changed_the_row_since(target):
    path = target("p")
    with Project.create(path, annotator="alice") as alice, \
            Project.open(path, annotator="bob") as bob:
        doc = add_doc(alice, "Kazinform and KAZINFORM")
        span = alice.add_span(doc, 0, 9, "ORG")
        bob.relabel_span(span.id, "TERM")
        with pytest.raises(Conflict, match="changed since"):
            alice.undo()
        assert alice.span(span.id).label == "TERM"


def test_document_listing_pages_and_filters(project):
    project.import_documents(
        [Incoming(f"d{i}", f"text number {i}", "t", None) for i in range(250)])
    page = project.list_documents(offset=100, limit=50)
    assert [d.id for d in page] == [f"d{i}" for i in range(100, 150)]
    project.set_document_status("d7", "done")
    assert [d.id for d in project.list_documents(status="done")] == ["d7"]
    assert [d.id for d in project.list_documents(search="number 42")] == ["d42"]
    assert project.document_count() == 250 and project.document_count("done") == 1
    with pytest.raises(InvalidValue, match="not a document status"):
        project.set_document_status("d7", "finished")


def test_stats_count_labels_and_annotated_documents(sample_project):
    doc = sample_project.list_documents()[0].id
    sample_project.add_span(doc, 0, 6, "LOC")
    stats = sample_project.stats()
    assert stats.documents == 5 and stats.annotated == 1
    assert stats.spans["LOC"] == {"accepted": 1, "suggested": 0}
    assert stats.by_status == {"new": 4, "in_progress": 1, "done": 0}


def test_documents_can_be_listed_by_label_and_by_entity(sample_project):
    entity = sample_project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    sample_project.preannotate()
    assert [d.id for d in sample_project.list_documents(entity="Vasilenko")] == [
        "c03bbd7e0a03ebef", "54b3eda07178e59d"]
    assert [d.id for d in sample_project.list_documents(entity=entity.canonical, search="Karin")] \
        == [], "Karin is only in an article without Vassilenko"
    assert [d.id for d in sample_project.list_documents(label="PERSON")] == [
        "c03bbd7e0a03ebef", "54b3eda07178e59d"]
    assert sample_project.list_documents(label="LOC") == []
