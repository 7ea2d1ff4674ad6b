"""Documents for export as columns, not objects: what the dataset export builds its rows
from. A chunk of 500 documents holds some 7,000 spans; as flat lists they cost a few list
appends to read and go into Arrow arrays whole, where one object per span cost more than
everything else the export does with it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from annotator.core.exported import ExportDocument
from annotator.core.token_offsets import TokenOffsets
from annotator.core.translations import DocumentTranslation


def meta_text(stored: str) -> str:
    """A document's metadata as the dataset writes it, from the JSON the store keeps."""
    return "{}" if stored == "{}" else json.dumps(json.loads(stored), ensure_ascii=False)


@dataclass(slots=True)
class ExportColumns:
    """Documents one per index of the document lists; their spans one after the other in
    the span lists, `span_counts[i]` of them for document i, in document order."""

    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metas: list[str] = field(default_factory=list)  # JSON, as the dataset writes it
    statuses: list[str] = field(default_factory=list)
    aliases: list[list[str]] = field(default_factory=list)
    translations: list[dict[str, DocumentTranslation]] = field(default_factory=list)
    offsets: list[TokenOffsets | None] = field(default_factory=list)
    span_counts: list[int] = field(default_factory=list)
    span_starts: list[int] = field(default_factory=list)
    span_ends: list[int] = field(default_factory=list)
    span_labels: list[str] = field(default_factory=list)
    span_statuses: list[str] = field(default_factory=list)
    span_entities: list[int | None] = field(default_factory=list)
    span_canonicals: list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of_documents(cls, documents: Sequence[ExportDocument]) -> ExportColumns:
        columns = cls(
            [doc.id for doc in documents], [doc.text for doc in documents],
            [json.dumps(doc.meta, ensure_ascii=False) for doc in documents],
            [doc.status for doc in documents], [doc.aliases for doc in documents],
            [doc.translations for doc in documents], [doc.offsets for doc in documents],
            [len(doc.spans) for doc in documents])
        spans = [span for doc in documents for span in doc.spans]
        if spans:
            (columns.span_starts, columns.span_ends, columns.span_labels, _,
             columns.span_statuses, columns.span_entities, columns.span_canonicals) = (
                list(column) for column in zip(*spans, strict=True))
        return columns

    def span_bounds(self) -> list[int]:
        """Where each document's spans start in the span lists, and the end of the last."""
        return [0, *accumulate(self.span_counts)]
