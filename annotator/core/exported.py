"""What an export carries: documents with their spans, each span with its entity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.core.token_offsets import TokenOffsets
from annotator.core.translations import DocumentTranslation


class ExportSpan(NamedTuple):
    """A tuple: an export reads hundreds of thousands, and its rows are built column by
    column (`zip(*spans)`)."""

    start: int
    end: int
    label: str
    text: str
    status: str
    entity_id: int | None = None
    canonical: str | None = None


@dataclass(slots=True)
class ExportDocument:
    id: str
    text: str
    meta: dict[str, Any]
    status: str
    spans: list[ExportSpan] = field(default_factory=list)
    translations: dict[str, DocumentTranslation] = field(default_factory=dict)  # by language
    aliases: list[str] = field(default_factory=list)  # other ids merged into it at import
    # Its tokens and sentences as the store keeps them, when it does (None: tokenize).
    offsets: TokenOffsets | None = None


@dataclass(slots=True)
class ExportAnnotation:
    """One annotator's work on one document (double annotation), for studying disagreement."""

    id: str
    annotator: str
    status: str
    spans: list[ExportSpan] = field(default_factory=list)
