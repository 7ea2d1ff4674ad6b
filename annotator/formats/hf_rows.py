"""The rows of one chunk of documents for the `spans` and `ner` configs, as Arrow tables
per split, with the counts the dataset card needs: the costly part of an export (tokens,
BIO tags, Arrow conversion), built in worker processes when there are several."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.bio import bio_names, spans_to_bio_columns
from annotator.core.exported import ExportDocument, ExportSpan
from annotator.core.ner_units import DEFAULT_MAX_TOKENS, ner_units
from annotator.core.tokenize import token_columns
from annotator.core.translation_records import primary_language
from annotator.core.translations import DocumentTranslation
from annotator.formats.hf_splits import split_of


class Loadable(Protocol):
    """A chunk that names documents and reads them where it is run (`StoredChunk`)."""

    def load(self) -> list[ExportDocument]: ...


@dataclass(frozen=True)
class ChunkContext:
    labels: list[str]
    languages: list[str]
    ratios: dict[str, float]
    schemas: dict[str, Any]  # config -> pyarrow schema
    ner_unit: str = "sentence"
    max_tokens: int | None = DEFAULT_MAX_TOKENS
    # Documents moved so that no requested split is empty (splits.fill_empty_splits).
    moved: dict[str, str] = field(default_factory=dict)
    # A `suggested` column in `ner` marks the tokens whose tag comes from a suggestion.
    mark_suggested: bool = False
    # The language of documents whose metadata names none (export hf --language).
    default_language: str | None = None


@dataclass
class ExportCounts:
    """What the dataset card and the command report: of a chunk, or added up."""

    documents: Counter = field(default_factory=Counter)  # per split
    spans: Counter = field(default_factory=Counter)  # per label
    suggested: int = 0
    dropped_in_ner: int = 0
    ner_rows: Counter = field(default_factory=Counter)  # per split
    languages: Counter = field(default_factory=Counter)  # documents per language ("" unknown)
    translations: Counter = field(default_factory=Counter)  # documents per language
    translated_with: dict[str, set[str]] = field(default_factory=dict)  # lang -> routes

    def add(self, other: ExportCounts) -> None:
        self.documents.update(other.documents)
        self.spans.update(other.spans)
        self.suggested += other.suggested
        self.dropped_in_ner += other.dropped_in_ner
        self.ner_rows.update(other.ner_rows)
        self.languages.update(other.languages)
        self.translations.update(other.translations)
        for lang, routes in other.translated_with.items():
            self.translated_with.setdefault(lang, set()).update(routes)


@dataclass
class ChunkResult(ExportCounts):
    tables: dict[tuple[str, str], Any] = field(default_factory=dict)  # (config, split) -> Table


def build_job(job: list[ExportDocument] | Loadable, context: ChunkContext) -> ChunkResult:
    """What a worker runs: read the chunk if it names documents, then build its rows."""
    return build_chunk(job if isinstance(job, list) else job.load(), context)


_SPAN_FIELDS = ExportSpan._fields


class _Rows:
    """The rows of one (config, split) as flat columns: scalars as lists, lists of values
    as one flat list and the offsets where each row's part starts (Arrow's own layout),
    so the table is assembled without a Python object per nested value."""

    def __init__(self) -> None:
        self.scalars: dict[str, list] = {}
        self.flat: dict[str, list] = {}
        self.struct_flat: dict[str, dict[str, list]] = {}
        self.offsets: dict[str, list[int]] = {}

    def scalar(self, name: str, value: Any) -> None:
        self.scalars.setdefault(name, []).append(value)

    def nested(self, name: str, values: list) -> None:
        self.flat.setdefault(name, []).extend(values)
        offsets = self.offsets.setdefault(name, [0])
        offsets.append(offsets[-1] + len(values))

    def nested_structs(self, name: str, columns: dict[str, Sequence], count: int) -> None:
        """A list of `count` structs, given as one list per struct field."""
        flat = self.struct_flat.setdefault(name, {})
        for key, column in columns.items():
            flat.setdefault(key, []).extend(column)
        offsets = self.offsets.setdefault(name, [0])
        offsets.append(offsets[-1] + count)

    def table(self, schema: Any) -> Any:
        import pyarrow as pa

        columns = []
        for column in schema:
            if column.name not in self.offsets:
                columns.append(pa.array(self.scalars.get(column.name, []), type=column.type))
                continue
            item = column.type.value_type
            if pa.types.is_struct(item):
                flat = self.struct_flat.get(column.name, {})
                values = pa.StructArray.from_arrays(
                    [pa.array(flat.get(f.name, []), type=f.type) for f in item],
                    fields=list(item))
            else:
                values = pa.array(self.flat.get(column.name, []), type=item)
            columns.append(pa.ListArray.from_arrays(
                pa.array(self.offsets[column.name], type=pa.int32()), values, type=column.type))
        return pa.Table.from_arrays(columns, schema=schema)


def build_chunk(documents: list[ExportDocument], context: ChunkContext) -> ChunkResult:
    result = ChunkResult()
    known = set(context.labels)
    tag_ids = {name: number for number, name in enumerate(bio_names(context.labels))}
    spans_rows: dict[str, _Rows] = {}
    ner_rows: dict[str, _Rows] = {}
    whole = context.ner_unit == "document"
    for doc in documents:
        split = split_of(doc.id, context.ratios, context.moved)
        result.documents[split] += 1
        result.languages[document_language(doc.meta, context.default_language)] += 1
        rows = spans_rows.get(split) or spans_rows.setdefault(split, _Rows())
        rows.scalar("id", doc.id)
        rows.scalar("text", doc.text)
        rows.scalar("status", doc.status)
        rows.scalar("meta", json.dumps(doc.meta, ensure_ascii=False))
        rows.scalar("translations", {lang: _translation_row(doc.translations.get(lang))
                                     for lang in context.languages})
        rows.nested("aliases", doc.aliases)
        # Spans are tuples: zip(*spans) gives their columns (none when there are none).
        columns = zip(*doc.spans)  # noqa: B905
        rows.nested_structs("spans", dict(zip(_SPAN_FIELDS, columns)),  # noqa: B905
                            len(doc.spans))
        for span in doc.spans:
            result.spans[span.label] += 1
            result.suggested += span.status == "suggested"
        for lang, translation in doc.translations.items():
            result.translations[lang] += 1
            result.translated_with.setdefault(lang, set()).add(
                f"{translation.route.replace('>', '→')} with {translation.packages} "
                f"({translation.engine})")

        words, starts, ends = token_columns(doc.text)
        bio = spans_to_bio_columns(starts, ends,
                                   [(s.start, s.end, s.label) for s in doc.spans
                                    if s.label in known], tag_ids)
        result.dropped_in_ner += bio.dropped
        tags = bio.tags
        marks = _suggested_tokens(doc, starts, ends, tags, tag_ids) \
            if context.mark_suggested else None
        ner = ner_rows.get(split) or ner_rows.setdefault(split, _Rows())
        units = ner_units(doc.text, starts, ends, [(s.start, s.end) for s in doc.spans],
                          context.ner_unit, context.max_tokens)
        result.ner_rows[split] += len(units)
        for number, (first, last) in enumerate(units):
            ner.scalar("id", doc.id if whole else f"{doc.id}#{number}")
            ner.scalar("document_id", doc.id)
            ner.scalar("start", starts[first] if last > first else 0)
            ner.scalar("end", ends[last - 1] if last > first else 0)
            ner.nested("tokens", words[first:last])
            ner.nested("ner_tags", tags[first:last])
            if marks is not None:
                ner.nested("suggested", marks[first:last])
    for config, by_split in (("spans", spans_rows), ("ner", ner_rows)):
        for split, collected in by_split.items():
            result.tables[config, split] = collected.table(context.schemas[config])
    return result


def document_language(meta: dict[str, Any], default: str | None) -> str:
    """The primary language subtag the document's metadata gives ("language" or "lang"),
    else `default`, else "" (unknown)."""
    for key in ("language", "lang"):
        value = meta.get(key)
        language = primary_language(value) if isinstance(value, str) else None
        if language:
            return language
    return default or ""


def _suggested_tokens(doc: ExportDocument, starts: list[int], ends: list[int],
                     tags: list[int], tag_ids: dict[str, int]) -> list[bool]:
    """True for the tokens whose tag a suggested span gave (not one it lost to a longer
    span)."""
    marks = [False] * len(starts)
    for span in doc.spans:
        if span.status != "suggested":
            continue
        first, last = bisect_right(ends, span.start), bisect_left(starts, span.end)
        begin, inside = tag_ids.get(f"B-{span.label}"), tag_ids.get(f"I-{span.label}")
        if first < last and tags[first] == begin and all(
                tag == inside for tag in tags[first + 1:last]):
            marks[first:last] = [True] * (last - first)
    return marks


def _translation_row(translation: DocumentTranslation | None) -> dict | None:
    return None if translation is None else {"text": translation.text,
                                             **translation.as_record()}
