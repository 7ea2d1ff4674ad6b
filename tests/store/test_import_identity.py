"""Documents that share a text under different ids, and re-imports that update: nothing
vanishes silently, and every merged id is reported and exported."""

import json

import datasets

from annotator.core.records import Incoming, IncomingSpan
from annotator.formats import open_source
from annotator.formats.hf_dataset import write_dataset
from annotator.store import Project

TEXT = "Roman Vassilenko met Tokayev in Astana."


def record(doc_id, text=TEXT, status=None, meta=None, spans=()):
    return Incoming(doc_id, text, "in.jsonl", 1, meta or {}, status,
                    [IncomingSpan(*span, "accepted") for span in spans])


def test_a_second_id_for_the_same_text_becomes_an_alias_and_is_reported(target, tmp_path):
    with Project.create(target("p")) as project:
        first = project.import_documents([record("a", spans=[(6, 16, "PERSON")])])
        report = project.import_documents([record("b", spans=[(21, 28, "PERSON")]),
                                           record("c")])
        assert (first.imported, report.imported, report.duplicates) == (1, 0, 2)
        assert report.aliases == [("b", "a"), ("c", "a")] and report.alias_count == 2
        assert project.document_ids() == ["a"]
        assert [(s.start, s.label) for s in project.spans("a")] == [(6, "PERSON"),
                                                                     (21, "PERSON")]
        again = project.import_documents([record("b")])
        assert again.aliases == [] and again.duplicates == 1, "a known alias is no news"
        clash = project.import_documents([record("b", text="Another text.")])
        assert clash.skipped == 1 and "another id of it" in clash.problems[0].problem
        project.set_document_status("a", "done")
        [document] = list(project.export_documents())
        assert document.aliases == ["b", "c"]
        write_dataset(project.export_documents(), [], tmp_path / "ds", labels=["PERSON"])
    rows = [row for split in datasets.load_dataset(str(tmp_path / "ds")).values()
            for row in split]
    assert [row["aliases"] for row in rows] == [["b", "c"]]
    with Project.create(target("back")) as back:
        back.import_documents(open_source(str(tmp_path / "ds")))
        again = back.import_documents([record("c")])
        assert again.aliases == [] and again.duplicates == 1, "aliases came back too"


def test_keep_duplicates_imports_them_as_documents_of_their_own(target):
    with Project.create(target("p")) as project:
        project.import_documents([record("a")])
        report = project.import_documents([record("b", spans=[(6, 16, "PERSON")])],
                                          keep_duplicates=True)
        assert (report.imported, report.kept_duplicates, report.aliases) == (1, 1, [])
        assert project.document_ids() == ["a", "b"]
        assert project.spans("a") == [] and len(project.spans("b")) == 1
        again = project.import_documents([record("b", spans=[(21, 28, "PERSON")])],
                                         keep_duplicates=True)
        assert (again.imported, again.duplicates, again.kept_duplicates) == (0, 1, 0)
        assert len(project.spans("b")) == 2, "a re-import finds the kept document"
        other = project.import_documents([record("c")])
        assert other.aliases == [("c", "a")]


def test_update_takes_status_and_metadata_of_known_documents(target):
    with Project.create(target("p")) as project:
        project.import_documents([record("a", meta={"title": "old"})])
        plain = project.import_documents([record("a", status="done", meta={"title": "new"})])
        assert plain.updated == 0 and project.document("a").status.value == "new"
        report = project.import_documents([record("a", status="done", meta={"title": "new"})],
                                          update=True)
        assert report.updated == 1 and report.duplicates == 1
        document = project.document("a")
        assert document.status.value == "done" and document.meta == {"title": "new"}
        same = project.import_documents([record("a", status="done", meta={"title": "new"})],
                                        update=True)
        assert same.updated == 0


def test_the_cli_lists_merged_ids(target, tmp_path):
    from click.testing import CliRunner

    from annotator.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": TEXT, "status": "done"}) + "\n"
                              for i in ("x", "y")))
    db = target("cli")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(source), "--create", "-p", str(db)])
    assert "1 id(s) had the text of a stored document" in result.output
    assert "  y -> x" in result.output
    source.write_text(json.dumps({"id": "x", "text": TEXT, "status": "in_progress"}) + "\n")
    result = runner.invoke(main, ["import", str(source), "--update", "-p", str(db)])
    assert "updated 1" in result.output, result.output
