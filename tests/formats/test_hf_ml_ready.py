"""The export as trainers use it: sentence rows, splits that are never empty by chance, a
column for suggested tags, and a card that huggingface_hub reads and that tells the truth."""

import datasets
import pytest
from huggingface_hub import DatasetCardData, metadata_load
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.records import Incoming
from annotator.formats import open_source
from annotator.formats.hf_dataset import NerShape, write_dataset
from annotator.formats.hf_splits import DEFAULT_RATIOS, fill_empty_splits, split_of
from annotator.store import Project
from helpers import SAMPLE_CORPUS


@pytest.fixture
def sample(target):
    with Project.create(target("p"), annotator="alice") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        project.preannotate()
        for doc_id in project.document_ids():
            for span in project.spans(doc_id)[::2]:
                project.accept_span(span.id)
            project.set_document_status(doc_id, "done")
        yield project


def export(project, out, **options):
    suggested = options.pop("suggested", False)
    return write_dataset(project.export_documents(suggested=suggested),
                         project.variant_table(), out, labels=project.labels().names(),
                         card={"name": "sample", **options.pop("card", {})}, **options)


def test_five_documents_give_train_validation_and_test_in_that_order(sample, tmp_path):
    by_hash = {split_of(doc_id, DEFAULT_RATIOS) for doc_id in sample.document_ids()}
    assert by_hash != set(DEFAULT_RATIOS), "the sample should need a split filled"
    report = export(sample, tmp_path / "a")
    assert set(report.documents) == set(DEFAULT_RATIOS)
    assert report.split_notes and "would have been empty" in report.split_notes[0]
    ner = datasets.load_dataset(str(tmp_path / "a"), "ner")
    assert list(ner) == ["train", "validation", "test"]
    assert all(len(split) > 0 for split in ner.values())
    again = export(sample, tmp_path / "b")
    assert again.documents == report.documents
    first = datasets.load_dataset(str(tmp_path / "a"))
    second = datasets.load_dataset(str(tmp_path / "b"))
    assert {k: sorted(v["id"]) for k, v in first.items()} == \
        {k: sorted(v["id"]) for k, v in second.items()}
    card = (tmp_path / "a" / "README.md").read_text()
    assert "would have been empty" in card


def test_too_few_documents_leave_a_split_empty_and_say_so(tmp_path, target):
    with Project.create(target("two")) as project:
        project.import_documents([Incoming(f"d{i}", f"Text {i}.", "t", None) for i in range(2)])
        for doc_id in project.document_ids():
            project.set_document_status(doc_id, "done")
        report = export(project, tmp_path / "two")
    assert "cannot fill 3 splits" in report.split_notes[0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8), min_size=3, max_size=12, unique=True),
       st.sampled_from([DEFAULT_RATIOS, {"train": 0.9, "test": 0.1},
                        {"train": 0.98, "dev": 0.01, "test": 0.01}]))
def test_every_split_gets_a_document_from_three_on_and_the_choice_is_stable(ids, ratios):
    plan = fill_empty_splits(ids, ratios)
    if len(ids) < len(ratios):
        return
    placed = {split_of(doc_id, ratios, plan.moved) for doc_id in ids}
    assert placed == set(ratios)
    assert fill_empty_splits(list(reversed(ids)), ratios).moved == plan.moved
    assert all(split_of(doc_id, ratios) == split_of(doc_id, ratios, plan.moved)
               for doc_id in ids if doc_id not in plan.moved)


def test_sentence_rows_by_default_and_no_span_cut_between_rows(sample, tmp_path):
    report = export(sample, tmp_path / "s")
    spans = {row["id"]: row for split in datasets.load_dataset(str(tmp_path / "s")).values()
             for row in split}
    ner = [row for split in datasets.load_dataset(str(tmp_path / "s"), "ner").values()
           for row in split]
    assert len(ner) == sum(report.ner_rows.values()) > 5 * 10
    assert max(len(row["tokens"]) for row in ner) <= 64
    for doc_id, doc in spans.items():
        rows = sorted((r for r in ner if r["document_id"] == doc_id), key=lambda r: r["start"])
        assert [r["id"] for r in rows] == [f"{doc_id}#{n}" for n in range(len(rows))]
        for span in doc["spans"]:
            holders = [r for r in rows if r["start"] < span["end"] and span["start"] < r["end"]]
            assert len(holders) == 1 and holders[0]["start"] <= span["start"] \
                and span["end"] <= holders[0]["end"]
    export(sample, tmp_path / "d", ner=NerShape("document"))
    whole = datasets.load_dataset(str(tmp_path / "d"), "ner")
    assert sorted(r["id"] for split in whole.values() for r in split) == sorted(spans)


def test_suggested_tags_are_marked_in_their_own_column(sample, tmp_path):
    export(sample, tmp_path / "with", suggested=True, ner=NerShape(mark_suggested=True))
    ner = datasets.load_dataset(str(tmp_path / "with"), "ner")
    spans = datasets.load_dataset(str(tmp_path / "with"))
    suggested = sum(s["status"] == "suggested" for split in spans.values()
                    for row in split for s in row["spans"])
    feature = ner["train"].features["ner_tags"].feature
    marked_spans = 0
    for row in (row for split in ner.values() for row in split):
        assert len(row["suggested"]) == len(row["tokens"])
        for tag, marked in zip(row["ner_tags"], row["suggested"], strict=True):
            assert not marked or feature.int2str(tag) != "O"
            marked_spans += marked and feature.int2str(tag).startswith("B-")
    assert suggested > 0 and marked_spans == suggested
    export(sample, tmp_path / "without")
    assert "suggested" not in datasets.load_dataset(str(tmp_path / "without"), "ner")[
        "train"].column_names


def test_the_card_passes_huggingface_hub_and_states_languages_license_and_counts(
        sample, tmp_path):
    report = export(sample, tmp_path / "c", default_language="en",
                    card={"license": "cc-by-4.0"})
    meta = metadata_load(tmp_path / "c" / "README.md")
    data = DatasetCardData(**meta)
    assert data.language == ["en"] and data.license == "cc-by-4.0"
    assert data.size_categories == ["n<1K"]
    assert data.task_categories == ["token-classification"]
    assert data.task_ids == ["named-entity-recognition"]
    assert data.annotations_creators == ["expert-generated"]
    card = (tmp_path / "c" / "README.md").read_text()
    assert "5 documents in en" in card and "`entity_id`" in card and "`note`" in card
    for label, count in report.spans.items():
        assert f"| {label} | {count} |" in card
    sample.import_documents([Incoming("plain", "No language is named here.", "t", 1)])
    sample.set_document_status("plain", "done")
    export(sample, tmp_path / "u")
    meta = metadata_load(tmp_path / "u" / "README.md")
    assert meta["license"] == "unknown" and meta["language"] == ["en"], "the manifest's"
    assert "1 document of unknown language" in (tmp_path / "u" / "README.md").read_text()


def test_without_any_known_language_the_card_declares_none(tmp_path, target):
    with Project.create(target("n")) as project:
        project.import_documents([Incoming("a", "Astana.", "t", 1)])
        project.set_document_status("a", "done")
        report = export(project, tmp_path / "n")
    assert "language" not in metadata_load(tmp_path / "n" / "README.md")
    assert report.languages == {"": 1}


def test_a_language_in_the_metadata_wins_over_the_default(tmp_path, target):
    with Project.create(target("m")) as project:
        project.import_documents([
            Incoming("a", "Astana is the capital.", "t", 1, {"language": "en"}),
            Incoming("b", "Астана — столица.", "t", 2, {"lang": "ru"}),
            Incoming("c", "Text.", "t", None)])
        for doc_id in project.document_ids():
            project.set_document_status(doc_id, "done")
        export(project, tmp_path / "m", default_language="kk")
    assert metadata_load(tmp_path / "m" / "README.md")["language"] == ["en", "kk", "ru"]
