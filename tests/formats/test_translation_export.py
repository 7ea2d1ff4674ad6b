"""Translations travel with the documents: in the Hugging Face export (loaded with the real
`datasets`), in native JSONL, and back into a project by `annotator import`."""

import json

import datasets
import pytest

from annotator.core.tokenize import split_sentences
from annotator.core.translations import TranslatedSentence
from annotator.formats import open_source
from annotator.formats.export_formats import WRITERS
from annotator.formats.hf_dataset import write_dataset
from annotator.store import Project
from helpers import SAMPLE_CORPUS, write_jsonl

RU_AND_KK = "54b3eda07178e59d"
RU_ONLY = "c03bbd7e0a03ebef"


def fake_translation(text: str, lang: str) -> list[TranslatedSentence]:
    """Not a translation: the sentence reversed and tagged, so alignment mistakes show."""
    return [TranslatedSentence(s.start, s.end, f"[{lang}] {s.text[::-1]}")
            for s in split_sentences(text)]


@pytest.fixture
def translated(target):
    with Project.create(target("p"), annotator="alice") as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        for doc, langs in ((RU_AND_KK, ("ru", "kk")), (RU_ONLY, ("ru",))):
            text = project.document(doc).text
            for lang in langs:
                route = "en>ru" if lang == "ru" else "en>ru>kk"
                project.save_translation(doc, lang, fake_translation(text, lang), route=route,
                                         packages=f"translate-{route}@1.9", engine="ctranslate2")
        yield project


def export_hf(project, out):
    return write_dataset(project.export_documents(all_documents=True), project.variant_table(),
                         out, labels=project.labels().names(), card={"name": "test"},
                         languages=project.translation_languages())


def rows_by_id(path):
    loaded = datasets.load_dataset(str(path))
    return {row["id"]: row for split in loaded.values() for row in split}


def test_spans_config_carries_aligned_translations(translated, tmp_path):
    out = tmp_path / "ds"
    report = export_hf(translated, out)
    assert report.translations == {"ru": 2, "kk": 1}
    rows = rows_by_id(out)
    assert len(rows) == 5
    row = rows[RU_AND_KK]
    for lang in ("ru", "kk"):
        translation = row["translations"][lang]
        assert translation["route"] == ("en>ru" if lang == "ru" else "en>ru>kk")
        assert translation["text"] == " ".join(s["text"] for s in translation["sentences"])
        for sentence in translation["sentences"]:
            source = row["text"][sentence["start"]:sentence["end"]]
            assert sentence["text"] == f"[{lang}] {source[::-1]}"
    assert rows[RU_ONLY]["translations"]["kk"] is None
    assert rows[RU_ONLY]["translations"]["ru"]["sentences"]
    untranslated = next(r for doc, r in rows.items() if doc not in (RU_AND_KK, RU_ONLY))
    assert untranslated["translations"] == {"ru": None, "kk": None}
    card = (out / "README.md").read_text("utf-8")
    assert "| ru | 2 of 5 | en→ru with translate-en&gt;ru@1.9 (ctranslate2) |" in card
    assert "| kk | 1 of 5 |" in card


def test_a_project_without_translations_still_has_the_columns(tmp_path, target):
    with Project.create(target("p")) as project:
        project.import_documents(open_source(str(SAMPLE_CORPUS)))
        export_hf(project, tmp_path / "ds")
    features = datasets.load_dataset(str(tmp_path / "ds"))["train"].features
    assert set(features["translations"]) == {"ru", "kk"}
    assert "no document of this export was machine-translated" in (
        tmp_path / "ds" / "README.md").read_text("utf-8")


def test_another_language_gets_its_own_column(translated, tmp_path):
    text = translated.document(RU_ONLY).text
    translated.save_translation(RU_ONLY, "de", fake_translation(text, "de"), route="en>de",
                                packages="translate-en_de@1.0", engine="argostranslate")
    export_hf(translated, tmp_path / "ds")
    rows = rows_by_id(tmp_path / "ds")
    assert list(rows[RU_ONLY]["translations"]) == ["ru", "kk", "de"]
    assert rows[RU_ONLY]["translations"]["de"]["engine"] == "argostranslate"


def stored(project):
    return {(doc.id, lang): (t.route, t.packages, t.engine, t.translated_at, t.sentences)
            for doc in project.list_documents()
            for lang, t in project.translations(doc.id).items()}


@pytest.mark.parametrize("shape", ["hf", "jsonl"])
def test_translations_survive_a_round_trip(translated, tmp_path, shape, target):
    if shape == "hf":
        out = tmp_path / "ds"
        export_hf(translated, out)
    else:
        out = tmp_path / "out.jsonl"
        WRITERS["jsonl"].write(translated.export_documents(all_documents=True), out)
    with Project.create(target("back")) as back:
        report = back.import_documents(open_source(str(out)))
        assert report.problem_count == 0, [str(p) for p in report.problems]
        assert report.translations_added == 3
        assert stored(back) == stored(translated)
        # Importing again adds nothing and keeps what is stored.
        again = back.import_documents(open_source(str(out)))
        assert again.duplicates == 5 and again.translations_added == 0
        assert stored(back) == stored(translated)


def test_a_stored_translation_is_not_overwritten_by_an_import(translated, tmp_path):
    out = tmp_path / "out.jsonl"
    WRITERS["jsonl"].write(translated.export_documents(all_documents=True), out)
    text = translated.document(RU_ONLY).text
    translated.save_translation(RU_ONLY, "ru", fake_translation(text, "newer"), route="en>ru",
                                packages="translate-en_ru@2.0", engine="ctranslate2")
    report = translated.import_documents(open_source(str(out)))
    assert report.translations_added == 0
    assert translated.translation(RU_ONLY, "ru").packages == "translate-en_ru@2.0"


def test_bad_translations_name_the_line_and_keep_the_rest(tmp_path, target):
    text = "Tokayev met Vassilenko. They spoke."
    good = {"id": "good", "text": text, "translations": {"ru": {"route": "en>ru", "sentences": [
        {"start": 0, "end": 23, "text": "Токаев встретился с Василенко."}]}}}
    records = [
        good,
        {"id": "outside", "text": text, "translations": {"ru": {"sentences": [
            {"start": 0, "end": 99, "text": "..."}]}}},
        {"id": "not-a-list", "text": text, "translations": {"kk": {"sentences": "Тоқаев"}}},
        {"id": "not-an-object", "text": text, "translations": ["ru"]},
        {"id": "bad-offset", "text": text, "translations": {"ru": {"sentences": [
            {"start": "0", "end": 5, "text": "x"}]}}},
    ]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    with Project.create(target("p")) as project:
        report = project.import_documents(open_source(str(path)))
        messages = [str(p) for p in report.problems]
        assert report.imported == 1 and report.translations_added == 1
        assert any(m.startswith(f"{path}:2:") and "[0, 99) is empty or outside the text" in m
                   for m in messages), messages
        assert any(":3:" in m and '"sentences" must be an array' in m for m in messages)
        assert any(":4:" in m and '"translations" must be an object' in m for m in messages)
        assert any(":5:" in m and '"start" must be an integer' in m for m in messages)
        assert project.translation("good", "ru").sentences[0].text.startswith("Токаев")


def test_native_jsonl_lines_hold_translations_only_when_there_are_some(translated, tmp_path):
    out = tmp_path / "out.jsonl"
    WRITERS["jsonl"].write(translated.export_documents(all_documents=True), out)
    lines = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert set(lines[RU_AND_KK]["translations"]) == {"ru", "kk"}
    assert "translations" not in lines["2df4ebf78433ce65"]
