"""A project copied from a file to a server and back loses nothing, and undo goes on working
in each copy."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.errors import ProjectError
from annotator.core.records import Incoming
from annotator.core.translations import TranslatedSentence
from annotator.formats import open_source
from annotator.store import Project
from annotator.store.copy import TABLES
from helpers import SAMPLE_CORPUS

DOC = "54b3eda07178e59d"


def rich_project(path) -> None:
    """Every kind of row a project holds, by two annotators, with undone history."""
    with Project.create(path, annotator="alice") as alice:
        alice.import_documents(open_source(str(SAMPLE_CORPUS)))
        alice.import_documents([Incoming("another-id", alice.document(DOC).text, "t", 1)])
        alice.update_label("TERM", key="t", color="#123456")
        text = alice.document(DOC).text
        start = text.index("Vassilenko")
        span = alice.add_span(DOC, start, start + 10, "PERSON")
        entity = alice.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        alice.link_span(span.id, entity.id)
        alice.set_cyrillic_forms(entity.id, "ru", ["Василенко"])
        alice.reject_variants(["KAZINFORM", "Kazinform"])
        alice.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        alice.preannotate()
        suggestion = alice.spans(DOC, status="suggested")[0]
        alice.reject_span(suggestion.id)
        alice.save_translation(DOC, "ru", [TranslatedSentence(0, 29, "Значимая кампания")],
                               route="en>ru", packages="translate-en_ru@1.9", engine="ctranslate2")
        alice.set_document_status(DOC, "done")
        alice.undo()                                   # undone: must travel as undone
    with Project.open(path, annotator="bob") as bob:
        bob.assign(["alice", "bob"], overlap=2)
        bob.set_workflow("double")
        start = bob.document(DOC).text.index("Kassym-Jomart")
        bob.add_span(DOC, start, start + len("Kassym-Jomart"), "PERSON")  # in bob's layer


def dump(target) -> dict:
    with Project.open(target, annotator="alice") as project:
        found = {}
        for table in TABLES:
            # By column name: a column added by a migration comes last on one backend.
            rows = [tuple(sorted((k, bytes(row[k]) if isinstance(row[k], memoryview)
                                  else row[k]) for k in row.keys()))  # noqa: SIM118 (a row)
                    for row in project.db.rows(f"SELECT * FROM {table}")]
            if table == "project_info":
                rows = [r for r in rows if r[0] != ("key", "schema_version")]
            found[table] = sorted(rows, key=repr)
        return found


def test_a_copy_to_the_server_and_back_keeps_every_row_and_undo_works(tmp_path, server_target):
    original = tmp_path / "original.db"
    rich_project(original)
    on_server, back = server_target("copy"), tmp_path / "back.db"
    result = CliRunner().invoke(main, ["project", "copy", str(original), on_server])
    assert result.exit_code == 0, result.output
    assert "copied" in result.output and "5 documents" in result.output
    result = CliRunner().invoke(main, ["project", "copy", on_server, str(back)])
    assert result.exit_code == 0, result.output
    before = dump(original)
    assert all(before[table] for table in TABLES), "every table holds rows"
    assert dump(on_server) == before
    assert dump(back) == before
    for copy in (on_server, str(back)):
        with Project.open(copy, annotator="bob") as bob:
            assert bob.undo().action == "tag 'Kassym-Jomart' PERSON"
            assert bob.undo().action.startswith("assign 5 documents")
        with Project.open(copy, annotator="alice") as alice:
            assert alice.redo().action.startswith("mark ")      # the undone step redone
            assert alice.document(DOC).status == "done"
            alice.use_layer("gold")
            new = alice.add_span(DOC, 0, 11, "EVENT")
            assert new.id > max(s.id for s in alice.spans(DOC) if s.id != new.id)


def test_a_copy_never_lands_on_a_project(tmp_path, server_target):
    rich_project(tmp_path / "a.db")
    Project.create(tmp_path / "b.db").close()
    with pytest.raises(ProjectError, match="already exists|holds a project"):
        from annotator.store.copy import copy_project

        copy_project(tmp_path / "a.db", tmp_path / "b.db")
    url = server_target("taken")
    Project.create(url, annotator="alice").close()
    with pytest.raises(ProjectError, match="holds a project"):
        copy_project(tmp_path / "a.db", url)
