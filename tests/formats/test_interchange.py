"""Every interchange format: export, import into a fresh project, compare. Texts hold
Cyrillic, Kazakh letters and an astral character (an emoji), where web tools' offsets slip."""

import json

import pytest

from annotator.core.records import Incoming
from annotator.formats import open_source
from annotator.formats.export_formats import WRITERS
from annotator.store import Project

TEXTS = {
    "kk": "Мәжіліс депутаты Қасым-Жомарт Тоқаевпен Астанада кездесті. Ұлттық құрылтай 🇰🇿 жиналды.",
    "ru": "Роман Василенко 🙂 сообщил, что Мажилис соберётся в Астане.",
    "en": "Vasilenko met Tokayev in Qarağandy; the Mäjilis voted.",
}
SPANS = {  # (surface, label, entity canonical or None)
    "kk": [("Мәжіліс", "ORG", "Mazhilis"), ("Қасым-Жомарт", "PERSON", None),
           ("Астанада", "LOC", None), ("Ұлттық құрылтай", "ORG", None)],
    "ru": [("Роман Василенко", "PERSON", "Vassilenko"), ("Мажилис", "ORG", "Mazhilis"),
           ("Астане", "LOC", None)],
    "en": [("Vasilenko", "PERSON", "Vassilenko"), ("Qarağandy", "LOC", None),
           ("Mäjilis", "ORG", "Mazhilis")],
}


@pytest.fixture
def source(target):
    with Project.create(target("src"), annotator="alice") as project:
        project.import_documents([Incoming(k, t, "t", None) for k, t in TEXTS.items()])
        entities = {}
        for doc, spans in SPANS.items():
            text = TEXTS[doc]
            for surface, label, canonical in spans:
                start = text.index(surface)
                span = project.add_span(doc, start, start + len(surface), label)
                if canonical:
                    if canonical not in entities:
                        entities[canonical] = project.create_entity(canonical, label=label).id
                    project.link_span(span.id, entities[canonical])
            project.set_document_status(doc, "done")
        yield project


def round_trip(source, tmp_path, name, target):
    out = tmp_path / (f"out-{name}" if WRITERS[name].folder else f"out.{name}")
    assert WRITERS[name].write(source.export_documents(), out) == 3
    back = Project.create(target(f"back-{name}"))
    report = back.import_documents(open_source(str(out), name), add_labels=True)
    assert report.problem_count == 0, [str(p) for p in report.problems]
    return back


def surfaces(project):
    found = {}
    for summary in project.list_documents():
        text = project.document(summary.id).text
        found[text] = sorted((text[s.start:s.end], s.label) for s in project.spans(summary.id))
    return found


@pytest.mark.parametrize("name", ["jsonl", "prodigy", "doccano", "labelstudio", "brat"])
def test_text_and_spans_survive_exactly(source, tmp_path, name, target):
    back = round_trip(source, tmp_path, name, target)
    assert surfaces(back) == surfaces(source)
    if name in ("jsonl", "brat"):
        assert {e.canonical for e in back.entities()} == {"Vassilenko", "Mazhilis"}
        linked = {back.entity(s.entity_id).canonical for d in back.list_documents()
                  for s in back.spans(d.id) if s.entity_id}
        assert linked == {"Vassilenko", "Mazhilis"}


def test_native_jsonl_keeps_ids_metadata_and_status(source, tmp_path, target):
    back = round_trip(source, tmp_path, "jsonl", target)
    for doc_id in TEXTS:
        assert back.document(doc_id).status == "done"


def test_conll_keeps_tokens_and_labels(source, tmp_path, target):
    back = round_trip(source, tmp_path, "conll", target)
    for text, spans in surfaces(source).items():
        rebuilt = next(t for t in surfaces(back) if t.split() == text.replace(";", " ;").split()
                       or "".join(t.split()) == "".join(text.split()))
        assert sorted(s for s in surfaces(back)[rebuilt]) == spans


def test_label_studio_offsets_in_utf16_units_are_repaired(tmp_path):
    text = "🙂 Roman Vasilenko"
    utf16_start = len("🙂 Roman ".encode("utf-16-le")) // 2      # one more than code points
    task = [{"id": 1, "data": {"text": text}, "annotations": [{"result": [{
        "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": utf16_start, "end": utf16_start + 9, "text": "Vasilenko",
                  "labels": ["PERSON"]}}]}]}]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(task, ensure_ascii=False))
    [doc] = list(open_source(str(path)))
    assert [(text[s.start:s.end], s.label) for s in doc.spans] == [("Vasilenko", "PERSON")]


def test_prodigy_rejected_answers_hold_no_annotation(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"text": "Tokaev", "answer": "reject",
                                "spans": [{"start": 0, "end": 6, "label": "PERSON"}]}) + "\n")
    [doc] = list(open_source(str(path), "prodigy"))
    assert doc.spans == []


def test_bad_peer_files_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text("Astana")
    (tmp_path / "a.ann").write_text("T1\tLOC 0 3;4 6\tAst na\n")
    [problem] = list(open_source(str(tmp_path)))
    assert "discontinuous" in str(problem) and str(problem).startswith(str(tmp_path / "a.ann"))
    conll = tmp_path / "x.conll"
    conll.write_text("Astana B-LOC\nis X-FOO\n")
    items = list(open_source(str(conll)))
    assert "x.conll:2: 'X-FOO' is not a BIO tag" in str(items[0])
    ls = tmp_path / "ls.json"
    ls.write_text('[{"data": {"nothing": 1}}]')
    assert "no text" in str(list(open_source(str(ls), "labelstudio"))[0])
