"""The rows of one chunk of documents for the `spans` and `ner` configs, as Arrow tables
per split, with the counts the dataset card needs: the costly part of an export (tokens,
BIO tags, Arrow conversion), built in worker processes when there are several. Chunks hold
documents of one split each (hf_shards)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from annotator.core.export_columns import ExportColumns
from annotator.core.ner_units import DEFAULT_MAX_TOKENS
from annotator.core.token_offsets import TokenOffsets
from annotator.core.translation_records import primary_language
from annotator.core.translations import DocumentTranslation


@dataclass(frozen=True)
class ChunkContext:
    labels: list[str]
    languages: list[str]
    schemas: dict[str, Any]  # config -> pyarrow schema
    ner_unit: str = "sentence"
    max_tokens: int | None = DEFAULT_MAX_TOKENS
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
    # Token offsets tokenized for the chunk that the store did not keep: (doc id, offsets).
    computed_offsets: list[tuple[str, TokenOffsets]] = field(default_factory=list)


def build_chunk(columns: ExportColumns, context: ChunkContext, split: str) -> ChunkResult:
    """Both configs' rows of a chunk whose documents are all in `split`."""
    from annotator.formats.hf_ner_rows import NerShapeOf, ner_rows

    result = ChunkResult()
    _count(columns, context, result)
    ner = ner_rows(columns, NerShapeOf(context.labels, context.ner_unit, context.max_tokens,
                                       context.mark_suggested), context.schemas["ner"])
    result.dropped_in_ner += ner.dropped
    result.computed_offsets += ner.computed
    result.documents[split] += len(columns)
    result.ner_rows[split] += len(ner.documents)
    result.tables["spans", split] = spans_table(columns, context)
    result.tables["ner", split] = ner.table
    return result


def _count(columns: ExportColumns, context: ChunkContext, result: ChunkResult) -> None:
    for meta in columns.metas:
        result.languages[document_language(
            {} if meta == "{}" else json.loads(meta), context.default_language)] += 1
    result.spans.update(columns.span_labels)
    result.suggested += columns.span_statuses.count("suggested")
    for translations in columns.translations:
        for lang, translation in translations.items():
            result.translations[lang] += 1
            result.translated_with.setdefault(lang, set()).add(
                f"{translation.route.replace('>', '→')} with {translation.packages} "
                f"({translation.engine})")


def spans_table(columns: ExportColumns, context: ChunkContext) -> Any:
    """The `spans` config's rows: one per document, its spans a list of structs."""
    import pyarrow as pa

    schema = context.schemas["spans"]
    types = {column.name: column.type for column in schema}
    span_type = types["spans"].value_type
    texts = chain.from_iterable(map(repeat, columns.texts, columns.span_counts))
    span_texts = [text[start:end] for text, start, end
                  in zip(texts, columns.span_starts, columns.span_ends, strict=True)]
    fields = {"start": columns.span_starts, "end": columns.span_ends,
              "label": columns.span_labels, "text": span_texts,
              "status": columns.span_statuses, "entity_id": columns.span_entities,
              "canonical": columns.span_canonicals}
    spans = pa.StructArray.from_arrays(
        [pa.array(fields[f.name], type=f.type) for f in span_type], fields=list(span_type))
    translation_type = types["translations"]
    if any(columns.translations):
        translations = pa.array(
            [{lang: _translation_row(found.get(lang)) for lang in context.languages}
             for found in columns.translations], type=translation_type)
    else:
        translations = pa.StructArray.from_arrays(
            [pa.nulls(len(columns), f.type) for f in translation_type],
            fields=list(translation_type))
    aliases = [alias for found in columns.aliases for alias in found]
    values = {
        "id": pa.array(columns.ids, pa.string()),
        "text": pa.array(columns.texts, pa.string()),
        "spans": pa.ListArray.from_arrays(pa.array(columns.span_bounds(), pa.int32()), spans,
                                          type=types["spans"]),
        "status": pa.array(columns.statuses, pa.string()),
        "translations": translations,
        "meta": pa.array(columns.metas, pa.string()),
        "aliases": pa.ListArray.from_arrays(
            pa.array(_bounds(columns.aliases), pa.int32()), pa.array(aliases, pa.string()),
            type=types["aliases"]),
    }
    return pa.Table.from_arrays([values[column.name] for column in schema], schema=schema)


def _bounds(lists: list[list[str]]) -> list[int]:
    bounds = [0]
    for found in lists:
        bounds.append(bounds[-1] + len(found))
    return bounds


def document_language(meta: dict[str, Any], default: str | None) -> str:
    """The primary language subtag the document's metadata gives ("language" or "lang"),
    else `default`, else "" (unknown)."""
    for key in ("language", "lang"):
        value = meta.get(key)
        language = primary_language(value) if isinstance(value, str) else None
        if language:
            return language
    return default or ""


def _translation_row(translation: DocumentTranslation | None) -> dict | None:
    return None if translation is None else {"text": translation.text,
                                             **translation.as_record()}
