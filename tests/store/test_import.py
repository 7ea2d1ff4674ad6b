import json

from annotator.formats import open_source
from annotator.store import Project
from helpers import SAMPLE_CORPUS, write_jsonl


def test_the_sample_corpus_imports_five_documents_whose_tokens_slice_exactly(sample_project):
    documents = sample_project.list_documents()
    assert [d.id for d in documents] == [
        "c03bbd7e0a03ebef", "a53390274e486fc9", "2df4ebf78433ce65", "54b3eda07178e59d",
        "88cef3393a166388"]
    for summary in documents:
        document = sample_project.document(summary.id)
        original = (SAMPLE_CORPUS / document.meta["file"]).read_text("utf-8")
        assert document.text == original, "text is kept exactly, noise included"
        tokens = sample_project.tokens(summary.id)
        assert tokens and all(document.text[t.start:t.end] == t.text for t in tokens)
    meta = sample_project.document("54b3eda07178e59d").meta
    assert meta["date"] == "2023-03-15" and meta["title"] == "Significant Election Campaign"
    assert "None\nNone" in sample_project.document("2df4ebf78433ce65").text


def test_reimporting_does_not_duplicate(sample_project):
    report = sample_project.import_documents(open_source(str(SAMPLE_CORPUS)))
    assert (report.read, report.imported, report.duplicates) == (5, 0, 5)
    assert sample_project.document_count() == 5


def test_broken_lines_are_reported_by_number_and_good_lines_kept(project, tmp_path):
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        {"id": "ok1", "text": "Roman Vasilenko", "spans": [{"start": 6, "end": 15, "label": "PERSON"}]},
        '{"text": "no closing brace"',
        {"id": "ok2", "text": "Mäjilis"},
        {"text": "x", "spans": [{"start": 0, "end": 1, "label": "UNKNOWN"}]},
        "",
        {"id": "ok3", "text": "Qazaqstan"},
    ])
    report = project.import_documents(open_source(str(path)))
    assert (report.read, report.imported, report.skipped) == (5, 3, 2)
    assert [(p.line, p.problem.split(":")[0]) for p in report.problems] == [
        (2, "invalid JSON at column 28"), (4, "unknown label 'UNKNOWN' (project labels")]
    assert [d.id for d in project.list_documents()] == ["ok1", "ok2", "ok3"]
    assert [s.label for s in project.spans("ok1")] == ["PERSON"]


def test_strict_writes_nothing_when_anything_is_wrong(project, tmp_path):
    path = write_jsonl(tmp_path / "one-bad.jsonl", [{"text": "fine"}, {"text": 3}, {"text": "also"}])
    report = project.import_documents(open_source(str(path)), strict=True)
    assert report.rolled_back and report.problem_count == 1 and report.imported == 0
    assert project.document_count() == 0
    good = write_jsonl(tmp_path / "good.jsonl", [{"text": "fine"}, {"text": "also"}])
    assert project.import_documents(open_source(str(good)), strict=True).imported == 2


def test_reimport_with_new_spans_adds_them_to_the_existing_document(project, tmp_path):
    plain = write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "Tokayev and Tokaev"}])
    project.import_documents(open_source(str(plain)))
    annotated = write_jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": "Tokayev and Tokaev",
        "spans": [{"start": 0, "end": 7, "label": "PERSON", "entity": "Tokayev"},
                  {"start": 12, "end": 18, "label": "PERSON", "entity": "Tokayev"}]}])
    report = project.import_documents(open_source(str(annotated)))
    assert (report.imported, report.duplicates, report.spans_added) == (0, 1, 2)
    again = project.import_documents(open_source(str(annotated)))
    assert again.spans_added == 0
    [entity] = project.entities()
    assert (entity.canonical, entity.forms) == ("Tokayev", ["Tokaev", "Tokayev"])


def test_an_id_that_names_another_text_is_a_problem(project, tmp_path):
    path = write_jsonl(tmp_path / "ids.jsonl", [{"id": "same", "text": "one"}, {"id": "same", "text": "two"}])
    report = project.import_documents(open_source(str(path)))
    assert report.imported == 1
    assert report.problems[0].problem == f"id 'same' already names a different document (imported from {path})"


def test_add_labels_and_suggestion_imports(project, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [
        {"text": "Nur Otan party", "spans": [{"start": 0, "end": 8, "label": "PARTY"}]}])
    report = project.import_documents(open_source(str(path)), add_labels=True, spans_as="suggested")
    assert report.labels_added == ["PARTY"] and "PARTY" in project.labels().names()
    doc = project.list_documents()[0]
    assert doc.suggested == 1 and doc.accepted == 0


def test_documents_without_id_get_a_stable_one_from_their_text(tmp_path):
    ids = []
    for name in ("a.db", "b.db"):
        with Project.create(tmp_path / name) as project:
            project.import_documents(open_source(str(write_jsonl(tmp_path / "n.jsonl", [{"text": "Astana"}]))))
            ids.append(project.list_documents()[0].id)
    assert ids[0] == ids[1] and len(ids[0]) == 16


def test_import_reports_progress_as_it_goes(project, tmp_path):
    path = write_jsonl(tmp_path / "many.jsonl", [{"text": f"doc {i}"} for i in range(2500)])
    source = open_source(str(path))
    seen = []
    project.import_documents(source, progress=lambda: seen.append(source.position), batch_size=1000)
    assert seen[:2] == sorted(seen[:2]) and seen[-1] == path.stat().st_size and len(seen) >= 3


def test_problems_kept_in_memory_are_capped(project, tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_text("not json\n" * 3000)
    report = project.import_documents(open_source(str(path)))
    assert report.problem_count == 3000 and len(report.problems) == 1000
    summary = json.loads(json.dumps(report.as_dict()))
    assert summary["problem_count"] == 3000 and len(summary["problems"]) == 1000
    assert summary["problems"][0] == {"source": str(path), "line": 1,
                                      "problem": "invalid JSON at column 1: invalid literal, expected 'null'"}


def test_a_nul_character_is_a_problem_of_its_record_on_every_backend(project, tmp_path):
    path = write_jsonl(tmp_path / "nul.jsonl", [
        {"id": "n", "text": "Astana\u0000x"}, {"id": "m", "text": "fine"},
        {"id": "z\u0000", "text": "also fine"},
        {"text": "Roman", "spans": [{"start": 0, "end": 5, "label": "PERSON", "entity": "R\u0000"}]}])
    report = project.import_documents(open_source(str(path)))
    assert (report.imported, report.skipped) == (1, 3)
    assert [str(p) for p in report.problems] == [
        f"{path}:1: the text holds a NUL character (\\u0000)",
        f"{path}:3: the id holds a NUL character (\\u0000)",
        f"{path}:4: an entity name holds a NUL character (\\u0000)"]
