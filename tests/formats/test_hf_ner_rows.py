"""The `ner` rows built for many documents at once equal, row for row, those built one
document at a time from the tokenizer, `spans_to_bio_columns` and `ner_units` (the way the
export built them before, kept here as the reference)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.bio import bio_names, spans_to_bio_columns
from annotator.core.export_columns import ExportColumns
from annotator.core.exported import ExportDocument, ExportSpan
from annotator.core.ner_units import ner_units
from annotator.core.token_offsets import encode
from annotator.core.tokenize import token_columns
from annotator.formats.hf_ner_rows import NerShapeOf, ner_rows
from annotator.formats.hf_schema import arrow_schemas

LABELS = ["PER", "ORG"]


def reference_rows(documents, shape):
    tag_ids = {name: number for number, name in enumerate(bio_names(shape.labels))}
    rows, dropped = [], 0
    for doc in documents:
        words, starts, ends = token_columns(doc.text)
        bio = spans_to_bio_columns(starts, ends, [(s.start, s.end, s.label) for s in doc.spans
                                                  if s.label in shape.labels], tag_ids)
        dropped += bio.dropped
        marks = [False] * len(starts)
        for span in doc.spans:
            first, last = bisect_right(ends, span.start), bisect_left(starts, span.end)
            begin, inside = tag_ids.get(f"B-{span.label}"), tag_ids.get(f"I-{span.label}")
            if span.status == "suggested" and first < last and bio.tags[first] == begin \
                    and all(tag == inside for tag in bio.tags[first + 1:last]):
                marks[first:last] = [True] * (last - first)
        units = ner_units(doc.text, starts, ends, [(s.start, s.end) for s in doc.spans],
                          shape.unit, shape.max_tokens)
        for number, (first, last) in enumerate(units):
            row = {"id": doc.id if shape.unit == "document" else f"{doc.id}#{number}",
                   "document_id": doc.id,
                   "start": starts[first] if last > first else 0,
                   "end": ends[last - 1] if last > first else 0,
                   "tokens": words[first:last], "ner_tags": bio.tags[first:last]}
            if shape.mark_suggested:
                row["suggested"] = marks[first:last]
            rows.append(row)
    return rows, dropped


WORDS = ["Tokayev", "met", "Vassilenko", "in", "Астана", "Qazaqstan’s", "a\u0301b", "3.5",
         "U.S.", "said", ".", "!", "—", "Мәжіліс", "x_y", "😀", "word"]


@st.composite
def documents(draw):
    docs = []
    for number in range(draw(st.integers(0, 6))):
        parts = draw(st.lists(st.sampled_from(WORDS), max_size=40))
        gaps = draw(st.lists(st.sampled_from([" ", " ", "  ", "\n", ". ", "? "]),
                             min_size=len(parts), max_size=len(parts)))
        text = "".join(part + gap for part, gap in zip(parts, gaps, strict=True))
        if draw(st.booleans()):
            text = draw(st.text(max_size=30)) + text
        spans = []
        for _ in range(draw(st.integers(0, 6)) if text else 0):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, min(len(text), start + 25)))
            spans.append(ExportSpan(start, end, draw(st.sampled_from(["PER", "ORG", "MISC"])),
                                    text[start:end],
                                    draw(st.sampled_from(["accepted", "suggested"]))))
        spans.sort()
        cached = draw(st.booleans())
        docs.append(ExportDocument(f"d{number}", text, {}, "done", spans,
                                   offsets=encode(text) if cached else None))
    return docs


@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from(["sentence", "window", "document"]),
       st.sampled_from([None, 0, 1, 3, 8, 64]), st.booleans())
def test_rows_built_together_equal_rows_built_one_document_at_a_time(docs, unit, limit,
                                                                     mark):
    shape = NerShapeOf(LABELS, unit, limit, mark)
    built = ner_rows(ExportColumns.of_documents(docs), shape,
                     arrow_schemas(["ru", "kk"], mark)["ner"])
    want, dropped = reference_rows(docs, shape)
    assert built.table.to_pylist() == want
    assert len(built.documents) == len(want)
    assert built.dropped == dropped


def test_offsets_the_store_did_not_keep_are_handed_back_to_be_kept():
    text = "Tokayev met Vassilenko."
    docs = [ExportDocument("kept", text, {}, "done", offsets=encode(text)),
            ExportDocument("new", text, {}, "done"),
            ExportDocument("huge", "a" * 70_000, {}, "done")]
    built = ner_rows(ExportColumns.of_documents(docs), NerShapeOf(LABELS, "sentence", 64, False),
                     arrow_schemas(["ru", "kk"])["ner"])
    assert built.computed == [("new", encode(text))]
    assert [len(row["tokens"]) for row in built.table.to_pylist()] == [4, 4, 1]


def test_the_white_space_the_token_bytes_leave_out_is_all_python_knows():
    from annotator.formats.hf_ner_rows import _ASCII_SPACE, _WIDE_SPACE

    spaces = {chr(point) for point in range(0x110000) if chr(point).isspace()}
    assert {chr(byte) for byte in _ASCII_SPACE} == {c for c in spaces if c.isascii()}
    assert {c for c in spaces if not c.isascii()} == {
        chr(point) for point in range(0x80, 0x110000) if _WIDE_SPACE.match(chr(point))}


def test_tokens_of_texts_with_wide_white_space_are_cut_right():
    texts = ["Astana\u00a0Mazhilis\u3000Tokayev", "Мажилис\u2028и\tQazaqstan"]
    docs = [ExportDocument(f"d{n}", text, {}, "done") for n, text in enumerate(texts)]
    built = ner_rows(ExportColumns.of_documents(docs), NerShapeOf(LABELS, "document", 64, False),
                     arrow_schemas(["ru", "kk"])["ner"])
    assert [row["tokens"] for row in built.table.to_pylist()] == [
        ["Astana", "Mazhilis", "Tokayev"], ["Мажилис", "и", "Qazaqstan"]]
