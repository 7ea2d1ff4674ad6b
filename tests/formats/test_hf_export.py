"""Exports loaded with the real `datasets` library, and read back by `annotator import`."""

import datasets
import pytest

from annotator.core.bio import bio_to_spans
from annotator.core.errors import AnnotatorError
from annotator.core.records import Incoming
from annotator.core.tokenize import Token
from annotator.formats import open_source
from annotator.formats.hf_dataset import DEFAULT_RATIOS as RATIOS
from annotator.formats.hf_dataset import split_of, write_dataset
from annotator.store import Project
from helpers import SAMPLE_CORPUS

DOC = "54b3eda07178e59d"


@pytest.fixture
def annotated(target):
    """The sample corpus with accepted, linked and suggested spans; two documents done."""
    with Project.create(target("p"), annotator="alice") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.set_cyrillic_forms(project.entity_id("Mazhilis"), "kk", ["Мәжіліс"])
        project.preannotate()
        for span in project.spans(DOC):
            if span.label == "PERSON":
                project.accept_span(span.id)
        text = project.document(DOC).text
        start = text.index("Ministry of Foreign Affairs")
        project.add_span(DOC, start, start + len("Ministry of Foreign Affairs"), "ORG")
        project.add_span(DOC, start + len("Ministry of "), start + len("Ministry of Foreign Affairs"), "TERM")
        for doc in (DOC, "c03bbd7e0a03ebef"):
            project.set_document_status(doc, "done")
        yield project


def export(project, out, **options):
    return write_dataset(project.export_documents(**options), project.variant_table(), out,
                         labels=project.labels().names(), card={"name": "test"})


def load(path, config=None):
    return datasets.load_dataset(str(path), config)


def test_ner_config_has_classlabel_tags_aligned_with_the_spans(annotated, tmp_path):
    out = tmp_path / "ds"
    report = export(annotated, out)
    assert sum(report.documents.values()) == 2 and report.dropped_in_ner == 1   # TERM inside ORG
    ner = load(out, "ner")
    feature = ner[next(iter(ner))].features["ner_tags"].feature
    assert isinstance(feature, datasets.ClassLabel)
    assert feature.names[:3] == ["O", "B-PERSON", "I-PERSON"]
    spans = {row["id"]: row for split in load(out).values() for row in split}
    found: dict[str, list] = {doc_id: [] for doc_id in spans}
    for row in (row for split in ner.values() for row in split):
        assert len(row["tokens"]) == len(row["ner_tags"])
        text = spans[row["document_id"]]["text"]
        tokens, position = [], row["start"]
        for word in row["tokens"]:
            start = text.index(word, position)
            tokens.append(Token(start, start + len(word), word))
            position = start + len(word)
        assert (tokens[0].start, tokens[-1].end) == (row["start"], row["end"])
        found[row["document_id"]] += bio_to_spans(tokens, [feature.int2str(t)
                                                           for t in row["ner_tags"]])
    for doc_id, row in spans.items():
        expected = [(s["start"], s["end"], s["label"]) for s in row["spans"]
                    if s["label"] != "TERM"]
        assert sorted(found[doc_id]) == expected


def test_spans_config_slices_the_text_and_carries_entities(annotated, tmp_path):
    export(annotated, tmp_path / "ds")
    rows = {row["id"]: row for split in load(tmp_path / "ds").values() for row in split}
    assert set(rows) == {DOC, "c03bbd7e0a03ebef"}, "only documents marked done by default"
    doc = rows[DOC]
    assert all(doc["text"][s["start"]:s["end"]] == s["text"] for s in doc["spans"])
    linked = {s["text"]: s["canonical"] for s in doc["spans"] if s["entity_id"] is not None}
    assert linked == {"Vassilenko": "Vassilenko", "Vasilenko": "Vassilenko"}
    assert {s["status"] for s in doc["spans"]} == {"accepted"}
    assert '"title": "Significant Election Campaign"' in doc["meta"]


def test_all_documents_and_suggested_spans_on_request(annotated, tmp_path):
    export(annotated, tmp_path / "ds", all_documents=True, suggested=True)
    rows = [row for split in load(tmp_path / "ds").values() for row in split]
    assert len(rows) == 5
    statuses = {s["status"] for row in rows for s in row["spans"]}
    assert statuses == {"accepted", "suggested"}


def test_variants_config(annotated, tmp_path):
    export(annotated, tmp_path / "ds")
    variants = {row["canonical"]: row for row in load(tmp_path / "ds", "variants")["train"]}
    assert variants["Mazhilis"]["cyrillic_kk"] == ["Мәжіліс"]
    assert variants["Vassilenko"]["forms"] == [
        {"form": "Vassilenko", "count": 4, "documents": 2},
        {"form": "Vasilenko", "count": 2, "documents": 1}]


def test_splits_are_stable_and_follow_the_ratios():
    ratios = {"train": 0.8, "validation": 0.1, "test": 0.1}
    names = [split_of(f"doc-{i}", ratios) for i in range(10_000)]
    assert names == [split_of(f"doc-{i}", ratios) for i in range(10_000)]
    assert 7700 < names.count("train") < 8300 and 800 < names.count("test") < 1200


def test_an_existing_folder_is_refused_replaced_only_with_overwrite_and_kept_on_failure(
        annotated, tmp_path):
    out = tmp_path / "ds"
    export(annotated, out)
    with pytest.raises(AnnotatorError, match="exists"):
        export(annotated, out)

    def broken():
        yield from annotated.export_documents()
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_dataset(broken(), [], out, labels=["PERSON"], overwrite=True)
    assert sum(len(split) for split in load(out).values()) == 2, "the old export is intact"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ds")] == []
    write_dataset(annotated.export_documents(all_documents=True), [], out,
                  labels=annotated.labels().names(), overwrite=True)
    assert sum(len(split) for split in load(out).values()) == 5


def test_an_empty_project_and_unusual_label_names(tmp_path, target):
    with Project.create(target("empty")) as project:
        with pytest.raises(AnnotatorError, match="no documents to export"):
            export(project, tmp_path / "empty")
        assert not (tmp_path / "empty").exists()
        project.import_documents([Incoming("plain", "No names here at all.", "t", None)])
        project.set_document_status("plain", "done")
        export(project, tmp_path / "plain")
        assert [row["spans"] for row in load(tmp_path / "plain")[split_of("plain", RATIOS)]] \
            == [[]], "a document without spans is exported, with no spans"
        assert "variants" not in datasets.get_dataset_config_names(str(tmp_path / "plain"))
    with Project.create(target("odd")) as project:
        project.add_label("Place name")
        project.add_label("МЕСТО")
        project.import_documents([Incoming("k", "Қарағанды және Астана", "t", None)])
        project.add_span("k", 0, 9, "МЕСТО")
        project.add_span("k", 15, 21, "Place name")
        project.set_document_status("k", "done")
        export(project, tmp_path / "odd")
        ner = load(tmp_path / "odd", "ner")
        split = next(iter(ner))
        feature = ner[split].features["ner_tags"].feature
        assert [feature.int2str(t) for t in ner[split][0]["ner_tags"]] == [
            "B-МЕСТО", "O", "B-Place name"]


def test_an_export_reads_back_without_loss(annotated, tmp_path, target):
    export(annotated, tmp_path / "ds", all_documents=True, suggested=True)
    with Project.create(target("back")) as back:
        report = back.import_documents(open_source(str(tmp_path / "ds")), add_labels=True)
        assert report.problem_count == 0 and report.imported == 5
        for doc in annotated.list_documents(limit=10):
            original = annotated.document(doc.id)
            copy = back.document(doc.id)
            assert (copy.text, copy.meta, copy.status) == (original.text, original.meta,
                                                           original.status)
            assert [(s.start, s.end, s.label, s.status) for s in back.spans(doc.id)] == [
                (s.start, s.end, s.label, s.status) for s in annotated.spans(doc.id)]
        assert {(e.canonical, e.label) for e in back.entities()} >= {
            ("Vassilenko", "PERSON"), ("Mazhilis", "ORG")}


def test_workers_in_other_processes_write_the_same_dataset(annotated, tmp_path, monkeypatch):
    # Workers read a project's chunks from the file themselves (here three chunks, so the
    # order they come back in matters); any other iterable of documents is cut into chunks
    # and sent to them.
    from annotator.store import export as export_ops

    monkeypatch.setattr(export_ops, "CHUNK", 2)
    export(annotated, tmp_path / "one", all_documents=True)
    selection = annotated.export_documents(all_documents=True)
    labels = annotated.labels().names()
    write_dataset(selection, annotated.variant_table(), tmp_path / "two", labels=labels,
                  card={"name": "test"}, workers=2)
    write_dataset(iter(list(selection)), annotated.variant_table(), tmp_path / "three",
                  labels=labels, card={"name": "test"}, workers=2)
    for config in ("spans", "ner"):
        one = load(tmp_path / "one", config)
        for other in ("two", "three"):
            two = load(tmp_path / other, config)
            assert {k: list(v) for k, v in one.items()} == {k: list(v) for k, v in two.items()}


def test_a_chunk_read_on_its_own_gives_the_documents_of_the_selection(annotated, monkeypatch):
    from annotator.store import export as export_ops

    monkeypatch.setattr(export_ops, "CHUNK", 2)
    selection = annotated.export_documents(all_documents=True, suggested=True)
    chunks = list(selection.chunks())
    assert len(chunks) == 3
    assert sum(len(chunk.seqs) for chunk in chunks) == annotated.export_count(all_documents=True)
    # What a worker does: open the file by its path and read the chunk.
    assert [doc for chunk in chunks for doc in chunk.load()] == list(selection)
    assert any(span.status == "suggested" for doc in selection for span in doc.spans)


def test_a_re_export_to_the_same_folder_is_loaded_fresh_not_from_the_cache(annotated, tmp_path):
    # `datasets` caches local datasets by their card; the card names files by content.
    doc = "c03bbd7e0a03ebef"
    out = tmp_path / "ds"
    export(annotated, out)

    def spans_of_doc():
        rows = [row for split in load(out).values() for row in split if row["id"] == doc]
        return [span["text"] for span in rows[0]["spans"]]

    before = spans_of_doc()
    text = annotated.document(doc).text
    start = text.index("Kazakh citizens")
    annotated.add_span(doc, start, start + len("Kazakh"), "LOC")
    write_dataset(annotated.export_documents(), annotated.variant_table(), out,
                  labels=annotated.labels().names(), card={"name": "test"}, overwrite=True)
    after = spans_of_doc()
    assert len(after) == len(before) + 1 and "Kazakh" in after
