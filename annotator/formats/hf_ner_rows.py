"""The `ner` config's rows for many documents at once, built as arrays: the documents'
token offsets (kept by the store, or tokenized here) side by side, BIO tags and unit
boundaries found for all of them in a few numpy operations, and the token strings cut from
the documents' UTF-8 bytes straight into an Arrow array, with no Python string per token.

What it gives equals, row for row, tokenizing each document, `spans_to_bio_columns` and
`ner_units` (tests/formats/test_hf_ner_rows.py holds it so). Documents whose spans share a
token (BIO keeps the longest), window units, and long sentences where a span stands at a
cut take that per-document code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotator.core.bio import spans_to_bio_columns
from annotator.core.export_columns import ExportColumns
from annotator.core.ner_units import bounded, ner_units
from annotator.core.token_offsets import TokenOffsets, encode, sentence_starts
from annotator.core.tokenize import token_columns

# White space as str.isspace() and the tokenizer's \s know it: the ASCII part, and the rest.
_ASCII_SPACE = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_WIDE_SPACE = re.compile("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


@dataclass
class NerRows:
    table: Any  # pyarrow Table
    documents: Any  # numpy array: the document (index) of each row
    dropped: int = 0  # spans BIO could not keep
    # Offsets tokenized here that the store did not keep yet: (document id, offsets).
    computed: list[tuple[str, TokenOffsets]] = field(default_factory=list)


@dataclass(frozen=True)
class NerShapeOf:
    labels: Sequence[str]
    unit: str
    max_tokens: int | None
    mark_suggested: bool


class _Tokens:
    """The tokens of some documents, one after the other: `starts`/`ends` in characters of
    their own document, `base` where each document's tokens begin (and the total last)."""

    def __init__(self, documents: ExportColumns, computed: list) -> None:
        kept = list(documents.offsets)
        for index, offsets in enumerate(kept):
            if offsets is None:
                kept[index] = encode(documents.texts[index])
                if kept[index] is not None:
                    computed.append((documents.ids[index], kept[index]))
        if None in kept:  # a token or gap too long to keep: those tokenized as numbers
            steps = [_steps(text) if offsets is None else np.frombuffer(offsets.tokens, "<u2")
                     for text, offsets in zip(documents.texts, kept, strict=True)]
            firsts = [np.asarray(sentence_starts(text, token_columns(text)[1]), np.int64)
                      if offsets is None else np.frombuffer(offsets.sentences, "<u4")
                      for text, offsets in zip(documents.texts, kept, strict=True)]
            all_steps = np.concatenate(steps) if steps else np.zeros(0, np.int64)
            counts = [len(step) // 2 for step in steps]
            sentence_counts = [len(first) for first in firsts]
        else:
            blobs = [offsets.tokens for offsets in kept]  # type: ignore[union-attr]
            sentences = [offsets.sentences for offsets in kept]  # type: ignore[union-attr]
            all_steps = np.frombuffer(b"".join(blobs), "<u2")
            firsts = [np.frombuffer(b"".join(sentences), "<u4")]
            counts = [len(blob) // 4 for blob in blobs]
            sentence_counts = [len(blob) // 4 for blob in sentences]
        self.counts = np.asarray(counts, np.int64)
        self.base = _running(self.counts)
        # A running sum over all documents' steps, less the sum before each document.
        running = np.cumsum(all_steps.astype(np.int64))
        before = np.concatenate((np.zeros(1, np.int64), running))[2 * self.base[:-1]]
        edges = running - np.repeat(before, 2 * self.counts)
        self.starts, self.ends = edges[0::2], edges[1::2]
        self.doc = np.repeat(np.arange(len(documents)), self.counts)
        # Sentence starts as indices into all tokens.
        sentence_counts_array = np.asarray(sentence_counts, np.int64)
        self.sentence_firsts = (
            np.concatenate(firsts).astype(np.int64) if firsts else np.zeros(0, np.int64)
        ) + np.repeat(self.base[:-1], sentence_counts_array)

    @property
    def total(self) -> int:
        return int(self.base[-1])


def _steps(text: str) -> np.ndarray:
    """The steps `encode` would keep (white space, length, ...), as 64-bit numbers."""
    _, starts, ends = token_columns(text)
    edges = np.empty(2 * len(starts), np.int64)
    edges[0::2], edges[1::2] = starts, ends
    return np.diff(edges, prepend=0)


def ner_rows(documents: ExportColumns, shape: NerShapeOf, schema: Any) -> NerRows:
    import pyarrow as pa

    computed: list[tuple[str, TokenOffsets]] = []
    tokens = _Tokens(documents, computed)
    total = tokens.total
    texts = documents.texts
    char_base = _running([len(text) for text in texts])
    global_starts = tokens.starts + char_base[:-1][tokens.doc]
    global_ends = tokens.ends + char_base[:-1][tokens.doc]

    spans = _Spans(documents, shape.labels, char_base, global_starts, global_ends)
    tags, marks, dropped = _bio(documents, tokens, spans, shape)
    units_first, units_last, units_doc = _units(documents, tokens, spans, shape)

    count = len(units_first)
    ids = [documents.ids[d] for d in units_doc.tolist()]
    if shape.unit != "document":
        first_of_doc = np.searchsorted(units_doc, units_doc, "left")
        numbers = (np.arange(count) - first_of_doc).tolist()
        ids_of_rows = [f"{doc_id}#{number}" for doc_id, number in zip(ids, numbers,
                                                                       strict=True)]
    else:
        ids_of_rows = ids
    filled = units_last > units_first
    safe_first = np.minimum(units_first, max(total - 1, 0))
    safe_last = np.maximum(units_last - 1, 0)
    starts = np.where(filled, tokens.starts[safe_first] if total else 0, 0)
    ends = np.where(filled, tokens.ends[safe_last] if total else 0, 0)

    offsets = pa.array(np.concatenate((units_first, [total])) if count else [0], pa.int32())
    columns = {
        "id": pa.array(ids_of_rows, pa.string()),
        "document_id": pa.array(ids, pa.string()),
        "start": pa.array(starts, pa.int32()),
        "end": pa.array(ends, pa.int32()),
        "tokens": pa.ListArray.from_arrays(offsets, _token_strings(texts, tokens)),
        "ner_tags": pa.ListArray.from_arrays(offsets, pa.array(tags, pa.int64())),
    }
    if shape.mark_suggested:
        columns["suggested"] = pa.ListArray.from_arrays(offsets, pa.array(marks, pa.bool_()))
    table = pa.Table.from_arrays([columns[f.name].cast(f.type) for f in schema],
                                 schema=schema)
    return NerRows(table, units_doc, dropped, computed)


class _Spans:
    """Every span of the documents as arrays, with the tokens it covers: [first, last)."""

    def __init__(self, documents: ExportColumns, labels: Sequence[str],
                 char_base: np.ndarray, global_starts: np.ndarray,
                 global_ends: np.ndarray) -> None:
        number = {label: index for index, label in enumerate(labels)}
        self.doc = np.repeat(np.arange(len(documents)),
                             np.asarray(documents.span_counts, np.int64))
        shift = char_base[:-1][self.doc]
        starts = np.asarray(documents.span_starts, np.int64) + shift
        ends = np.asarray(documents.span_ends, np.int64) + shift
        self.first = np.searchsorted(global_ends, starts, "right")
        self.last = np.searchsorted(global_starts, ends, "left")
        self.label = np.asarray([number.get(label, -1) for label in documents.span_labels],
                                np.int64)
        self.suggested = np.asarray([status == "suggested"
                                     for status in documents.span_statuses], bool)


def _bio(documents: ExportColumns, tokens: _Tokens, spans: _Spans,
         shape: NerShapeOf) -> tuple[np.ndarray, np.ndarray, int]:
    total = tokens.total
    tags = np.zeros(total, np.int64)
    marks = np.zeros(total, bool)
    known = spans.label >= 0
    tagged = known & (spans.first < spans.last)
    dropped = int(np.count_nonzero(known & ~tagged))
    # Where tagged spans share a token, the longest wins: those documents go one by one.
    coverage = np.cumsum(np.bincount(spans.first[tagged], minlength=total + 1)
                         - np.bincount(spans.last[tagged], minlength=total + 1))[:total]
    crowded = np.unique(tokens.doc[coverage > 1])
    if len(crowded):
        in_crowded = np.isin(spans.doc, crowded)
        dropped -= int(np.count_nonzero(known & ~tagged & in_crowded))
        tagged &= ~in_crowded
    first, last, label = spans.first[tagged], spans.last[tagged], spans.label[tagged]
    tags[first] = 1 + 2 * label
    inner = _ranges(first + 1, last)
    tags[inner] = np.repeat(2 + 2 * label, last - first - 1)
    if shape.mark_suggested:
        chosen = spans.suggested[tagged]
        marks[_ranges(first[chosen], last[chosen])] = True
    tag_ids = {f"{kind}-{name}": 1 + 2 * index + (kind == "I")
               for index, name in enumerate(shape.labels) for kind in "BI"}
    tag_ids["O"] = 0
    known_labels = set(shape.labels)
    bounds = documents.span_bounds()
    for index in crowded.tolist():
        own = _spans_of(documents, bounds, index)
        lo, hi = int(tokens.base[index]), int(tokens.base[index + 1])
        starts, ends = tokens.starts[lo:hi].tolist(), tokens.ends[lo:hi].tolist()
        bio = spans_to_bio_columns(starts, ends, [(start, end, label) for start, end, label, _
                                                  in own if label in known_labels], tag_ids)
        dropped += bio.dropped
        tags[lo:hi] = bio.tags
        if shape.mark_suggested:
            marks[lo:hi] = _suggested_tokens(own, starts, ends, bio.tags, tag_ids)
    return tags, marks, dropped


def _spans_of(documents: ExportColumns, bounds: list[int], index: int
              ) -> list[tuple[int, int, str, str]]:
    """Document `index`'s spans as (start, end, label, status)."""
    lo, hi = bounds[index], bounds[index + 1]
    return list(zip(documents.span_starts[lo:hi], documents.span_ends[lo:hi],
                    documents.span_labels[lo:hi], documents.span_statuses[lo:hi],
                    strict=True))


def _suggested_tokens(spans: list[tuple[int, int, str, str]], starts: list[int],
                      ends: list[int], tags: list[int], tag_ids: dict[str, int]
                      ) -> list[bool]:
    """True for the tokens whose tag a suggested span gave (not one it lost to a longer
    span)."""
    from bisect import bisect_left, bisect_right

    marks = [False] * len(starts)
    for start, end, label, status in spans:
        if status != "suggested":
            continue
        first, last = bisect_right(ends, start), bisect_left(starts, end)
        begin, inside = tag_ids.get(f"B-{label}"), tag_ids.get(f"I-{label}")
        if first < last and tags[first] == begin and all(
                tag == inside for tag in tags[first + 1:last]):
            marks[first:last] = [True] * (last - first)
    return marks


def _units(documents: ExportColumns, tokens: _Tokens, spans: _Spans,
           shape: NerShapeOf) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's tokens [first, last) among all tokens, and its document."""
    total = tokens.total
    if shape.unit == "document":
        return tokens.base[:-1], tokens.base[1:], np.arange(len(documents))
    if shape.unit == "window":
        return _window_units(documents, tokens, shape)
    # A cut before token i splits a span when the span covers tokens i-1 and i.
    long = spans.last - spans.first >= 2
    blocked = np.cumsum(np.bincount(spans.first[long] + 1, minlength=total + 1)
                        - np.bincount(spans.last[long], minlength=total + 1))[:total] > 0
    firsts = tokens.sentence_firsts
    allowed = firsts[~blocked[firsts]] if len(firsts) else firsts
    edges = np.union1d(np.concatenate((tokens.base[:-1][tokens.counts > 0], allowed)),
                       [total])
    unit_first, unit_last = edges[:-1], edges[1:]
    limit = shape.max_tokens if shape.max_tokens and shape.max_tokens > 0 else None
    if limit is not None and np.any(unit_last - unit_first > limit):
        unit_first, unit_last = _bounded_units(unit_first, unit_last, limit, blocked)
    unit_doc = tokens.doc[unit_first] if len(unit_first) else np.zeros(0, np.int64)
    return unit_first, unit_last, unit_doc


def _bounded_units(unit_first: np.ndarray, unit_last: np.ndarray, limit: int,
                   blocked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Units longer than `limit` cut as `ner_units.bounded` cuts them. Most are cut every
    `limit` tokens, where no span is in the way: those all at once; a unit where a span
    is, by `bounded` itself."""
    length = unit_last - unit_first
    cuts_per_unit = np.maximum(length - 1, 0) // limit
    owner = np.repeat(np.arange(len(unit_first)), cuts_per_unit)
    cuts = unit_first[owner] + limit * (
        np.arange(len(owner)) - _running(cuts_per_unit)[:-1][owner] + 1)
    hindered = np.zeros(len(unit_first), bool)
    hindered[owner[blocked[cuts]]] = True
    edges = np.concatenate((unit_first, cuts[~hindered[owner]]))
    if hindered.any():
        def inside(cut: int) -> bool:
            return bool(blocked[cut])

        redone = [piece.first for first, last in zip(unit_first[hindered].tolist(),
                                                      unit_last[hindered].tolist(), strict=True)
                  for piece in bounded(first, last, limit, inside)]
        edges = np.concatenate((edges, np.asarray(redone, np.int64)))
    edges = np.unique(edges)
    ends = np.concatenate((edges[1:], [unit_last[-1]]))
    return edges, ends


def _window_units(documents: ExportColumns, tokens: _Tokens, shape: NerShapeOf
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Windows fill up with whole sentences: a choice per document, made one by one."""
    firsts, lasts, docs = [], [], []
    sentence_doc = tokens.doc[tokens.sentence_firsts] if len(tokens.sentence_firsts) else \
        np.zeros(0, np.int64)
    bounds = documents.span_bounds()
    for index, text in enumerate(documents.texts):
        lo, hi = int(tokens.base[index]), int(tokens.base[index + 1])
        own = (tokens.sentence_firsts[sentence_doc == index] - lo).tolist()
        spans = list(zip(documents.span_starts[bounds[index]:bounds[index + 1]],
                         documents.span_ends[bounds[index]:bounds[index + 1]], strict=True))
        for unit in ner_units(text, tokens.starts[lo:hi].tolist(), tokens.ends[lo:hi].tolist(),
                              spans, "window", shape.max_tokens, own):
            firsts.append(lo + unit.first)
            lasts.append(lo + unit.last)
            docs.append(index)
    return (np.asarray(firsts, np.int64), np.asarray(lasts, np.int64),
            np.asarray(docs, np.int64))


def _running(values: Sequence[int] | np.ndarray) -> np.ndarray:
    """0 and the running sums of `values`, as 64-bit integers (also when there are none)."""
    sums = np.zeros(len(values) + 1, np.int64)
    np.cumsum(np.asarray(values, np.int64), out=sums[1:])
    return sums


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The indices of every range [start, stop) in turn (empty ranges give none)."""
    lengths = np.maximum(stops - starts, 0)
    if not lengths.sum():
        return np.zeros(0, np.int64)
    offsets = np.repeat(starts - _running(lengths)[:-1], lengths)
    return np.arange(int(lengths.sum())) + offsets


def _token_strings(texts: list[str], tokens: _Tokens) -> Any:
    """An Arrow string array of every token, its bytes taken from the documents' UTF-8."""
    import pyarrow as pa

    byte_starts, byte_ends = _utf8_offsets(texts, tokens)
    lengths = byte_ends - byte_starts
    offsets = _running(lengths).astype(np.int32)
    # Every character that is not white space belongs to exactly one token (the tokenizer's
    # last choice is any other character), so the tokens' bytes, one after the other, are
    # the texts' UTF-8 without its white space. Where all of that white space is ASCII,
    # bytes.translate deletes it at memory speed (no byte of a longer UTF-8 sequence is
    # ASCII). The lengths confirm it; were it ever not so, the bytes are gathered token by
    # token.
    whole = "".join(texts)
    data = b""
    if whole.isascii() or not _WIDE_SPACE.search(whole):
        data = whole.encode("utf-8").translate(None, _ASCII_SPACE)
    if len(data) != int(offsets[-1]):
        byte_base = _running([len(text.encode("utf-8")) for text in texts])
        shift = byte_base[:-1][tokens.doc]
        encoded = np.frombuffer(whole.encode("utf-8"), np.uint8)
        data = encoded[_ranges(byte_starts + shift, byte_ends + shift)].tobytes()
    return pa.StringArray.from_buffers(len(lengths), pa.py_buffer(offsets),
                                       pa.py_buffer(data))


def _utf8_offsets(texts: list[str], tokens: _Tokens) -> tuple[np.ndarray, np.ndarray]:
    """The tokens' starts and ends in bytes of their document's UTF-8."""
    starts, ends = tokens.starts, tokens.ends
    copied = False
    for index, text in enumerate(texts):
        if text.isascii():
            continue
        if not copied:
            starts, ends, copied = starts.copy(), ends.copy(), True
        # Each code point takes 1 to 4 bytes in UTF-8.
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4")
        position = _running(1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000))
        lo, hi = int(tokens.base[index]), int(tokens.base[index + 1])
        starts[lo:hi], ends[lo:hi] = position[starts[lo:hi]], position[ends[lo:hi]]
    return starts, ends
