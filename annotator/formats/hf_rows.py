"""The rows of one chunk of documents for the `spans` and `ner` configs, as Arrow tables
per split, with the counts the dataset card needs: the costly part of an export (tokens,
BIO tags, Arrow conversion), built in worker processes when there are several."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.bio import bio_names, spans_to_bio_columns
from annotator.core.exported import ExportDocument
from annotator.core.tokenize import token_columns
from annotator.core.translations import DocumentTranslation


class Loadable(Protocol):
    """A chunk that names documents and reads them where it is run (`StoredChunk`)."""

    def load(self) -> list[ExportDocument]: ...


@dataclass(frozen=True)
class ChunkContext:
    labels: list[str]
    languages: list[str]
    ratios: dict[str, float]
    schemas: dict[str, Any]  # config -> pyarrow schema


@dataclass
class ExportCounts:
    """What the dataset card and the command report: of a chunk, or added up."""

    documents: Counter = field(default_factory=Counter)  # per split
    spans: Counter = field(default_factory=Counter)  # per label
    suggested: int = 0
    dropped_in_ner: int = 0
    translations: Counter = field(default_factory=Counter)  # documents per language
    translated_with: dict[str, set[str]] = field(default_factory=dict)  # lang -> routes

    def add(self, other: ExportCounts) -> None:
        self.documents.update(other.documents)
        self.spans.update(other.spans)
        self.suggested += other.suggested
        self.dropped_in_ner += other.dropped_in_ner
        self.translations.update(other.translations)
        for lang, routes in other.translated_with.items():
            self.translated_with.setdefault(lang, set()).update(routes)


@dataclass
class ChunkResult(ExportCounts):
    tables: dict[tuple[str, str], Any] = field(default_factory=dict)  # (config, split) -> Table


def split_of(doc_id: str, ratios: dict[str, float]) -> str:
    """The split of a document, from a hash of its id: the same on every export."""
    point = int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big") / 2**64
    total = sum(ratios.values())
    edge = 0.0
    for name, ratio in ratios.items():
        edge += ratio / total
        if point < edge:
            return name
    return list(ratios)[-1]


def build_job(job: list[ExportDocument] | Loadable, context: ChunkContext) -> ChunkResult:
    """What a worker runs: read the chunk if it names documents, then build its rows."""
    return build_chunk(job if isinstance(job, list) else job.load(), context)


def build_chunk(documents: list[ExportDocument], context: ChunkContext) -> ChunkResult:
    import pyarrow as pa

    result = ChunkResult()
    known = set(context.labels)
    tag_ids = {name: number for number, name in enumerate(bio_names(context.labels))}
    spans_columns: dict[str, dict[str, list]] = {}
    ner_columns: dict[str, dict[str, list]] = {}
    for doc in documents:
        split = split_of(doc.id, context.ratios)
        result.documents[split] += 1
        spans = spans_columns.setdefault(split, {name: [] for name in (
            "id", "text", "spans", "status", "translations", "meta")})
        spans["id"].append(doc.id)
        spans["text"].append(doc.text)
        spans["status"].append(doc.status)
        spans["meta"].append(json.dumps(doc.meta, ensure_ascii=False))
        spans["spans"].append([
            {"start": s.start, "end": s.end, "label": s.label, "text": s.text,
             "status": s.status, "entity_id": s.entity_id, "canonical": s.canonical}
            for s in doc.spans])
        spans["translations"].append({lang: _translation_row(doc.translations.get(lang))
                                      for lang in context.languages})
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
                                    if s.label in known])
        result.dropped_in_ner += bio.dropped
        ner = ner_columns.setdefault(split, {"id": [], "tokens": [], "ner_tags": []})
        ner["id"].append(doc.id)
        ner["tokens"].append(words)
        ner["ner_tags"].append(list(map(tag_ids.__getitem__, bio.tags)))
    for config, by_split in (("spans", spans_columns), ("ner", ner_columns)):
        for split, columns in by_split.items():
            result.tables[config, split] = pa.Table.from_pydict(
                columns, schema=context.schemas[config])
    return result


def _translation_row(translation: DocumentTranslation | None) -> dict | None:
    return None if translation is None else {"text": translation.text,
                                             **translation.as_record()}
