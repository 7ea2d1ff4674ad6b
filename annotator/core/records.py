"""Validation of incoming documents, shared by every reader.

Readers turn bytes into Python objects; `incoming_from_object` checks one object against
the document-record shape and returns an `Incoming` document or raises `InputProblem`
naming the problem. It is plain Python on purpose: it runs once per record on imports of
hundreds of thousands of records.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.models import DocumentStatus, SpanStatus
from annotator.core.record_fields import offsets, type_name
from annotator.core.translation_records import parse_translations
from annotator.core.translations import DocumentTranslation

_SPAN_STATUSES = {s.value for s in SpanStatus}
_DOC_STATUSES = {s.value for s in DocumentStatus}
_RECORD_KEYS = {"id", "text", "meta", "status", "suggested", "spans", "label", "entities",
                "aliases",
                "answer", "tokens", "translations", "_input_hash", "_task_hash", "_session_id",
                "_view_id"}


@dataclass(slots=True)
class IncomingSpan:
    start: int
    end: int
    label: str
    status: str
    entity: str | None = None
    # The entity's id in the source (an annotator export): spans and the entity rows that
    # share it name one entity, even when two entities share a canonical form.
    entity_key: int | None = None


@dataclass(slots=True)
class IncomingEntity:
    """An entity as an export describes it (its `variants` row): spellings not tied to any
    span, Cyrillic forms, type and note come back with it."""

    key: int | None
    canonical: str
    label: str | None
    forms: list[str]
    cyrillic: dict[str, list[str]]
    note: str | None
    source: str
    line: int | None


@dataclass(slots=True)
class Incoming:
    """A document about to be imported, with where it came from for error messages."""

    id: str | None
    text: str
    source: str
    line: int | None
    meta: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    spans: list[IncomingSpan] = field(default_factory=list)
    digest: bytes = b""
    translations: list[DocumentTranslation] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other ids of this document

    def text_hash(self) -> bytes:
        if not self.digest:
            self.digest = text_hash(self.text)
        return self.digest


def text_hash(text: str) -> bytes:
    """128 bits of SHA-256 of the UTF-8 text: the identity used to skip re-imported documents."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


def document_id_from_hash(digest: bytes) -> str:
    return digest[:8].hex()


def incoming_from_object(
    obj: Any,
    source: str,
    line: int | None,
    *,
    text_field: str = "text",
    id_field: str = "id",
    extra_as_meta: bool = False,
) -> Incoming:
    """Check one decoded record. With `extra_as_meta`, unknown keys become metadata
    (tabular sources); otherwise they are kept under meta too, never dropped silently."""

    def problem(message: str) -> InputProblem:
        return InputProblem(source, line, message)

    if not isinstance(obj, dict):
        raise problem(f"expected a JSON object, got {type_name(obj)}")
    if text_field not in obj:
        raise problem(f'missing "{text_field}"')
    text = obj[text_field]
    if not isinstance(text, str):
        raise problem(f'"{text_field}" must be a string, got {type_name(text)}')
    if not text.strip():
        raise problem(f'"{text_field}" is empty')
    try:
        digest = text_hash(text)
    except UnicodeEncodeError:
        raise problem(
            f'"{text_field}" holds an unpaired UTF-16 surrogate (not valid Unicode)'
        ) from None

    doc_id = obj.get(id_field)
    if doc_id is not None:
        if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
            raise problem(f'"{id_field}" must be a string or an integer, got {type_name(doc_id)}')
        doc_id = str(doc_id)
        if not doc_id.strip():
            raise problem(f'"{id_field}" is empty')

    meta = obj.get("meta")
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise problem(f'"meta" must be an object, got {type_name(meta)}')
    if not obj.keys() <= _RECORD_KEYS:
        extras = {k: v for k, v in obj.items()
                  if k not in _RECORD_KEYS and k not in (text_field, id_field)}
        if extras:
            meta = {**extras, **meta} if extra_as_meta else {**meta, **extras}

    status = obj.get("status")
    if status is not None and not (isinstance(status, str) and status in _DOC_STATUSES):
        raise problem(f'"status" must be one of {sorted(_DOC_STATUSES)}, got {status!r}')

    suggested = obj.get("suggested", False)
    if not isinstance(suggested, bool):
        raise problem(f'"suggested" must be true or false, got {type_name(suggested)}')
    default_status = "suggested" if suggested else "accepted"

    raw_spans = obj.get("spans")
    if raw_spans is None:
        raw_spans = _peer_spans(obj, problem)
    if obj.get("answer") in ("reject", "ignore"):
        raw_spans = None  # a Prodigy example the annotator rejected holds no annotation
    spans = _spans(raw_spans, text, default_status, problem)
    translations = parse_translations(obj.get("translations"), text, problem)
    aliases = obj.get("aliases") or []
    if not (isinstance(aliases, list) and all(isinstance(a, str) and a.strip()
                                              for a in aliases)):
        raise problem('"aliases" must be a list of ids (strings)')
    return Incoming(doc_id, text, source, line, meta, status, spans, digest, translations,
                    aliases)


def _peer_spans(obj: dict, problem) -> list | None:
    """doccano's shapes: "label": [[start, end, label], ...] or "entities": [{"start_offset",
    "end_offset", "label"}]; both become ordinary spans."""
    label, entities = obj.get("label"), obj.get("entities")
    if isinstance(label, list):
        spans = []
        for number, item in enumerate(label, 1):
            if not (isinstance(item, list) and len(item) == 3):
                raise problem(f'"label" item {number}: expected [start, end, label]')
            spans.append({"start": item[0], "end": item[1], "label": item[2]})
        return spans
    if isinstance(entities, list):
        spans = []
        for number, item in enumerate(entities, 1):
            if not isinstance(item, dict):
                raise problem(f'"entities" item {number}: expected an object')
            spans.append({"start": item.get("start_offset"), "end": item.get("end_offset"),
                          "label": item.get("label")})
        return spans
    return None


def _spans(raw: Any, text: str, default_status: str, problem) -> list[IncomingSpan]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise problem(f'"spans" must be an array, got {type_name(raw)}')
    spans: list[IncomingSpan] = []
    for number, item in enumerate(raw, 1):
        where = f"span {number}"
        if not isinstance(item, dict):
            raise problem(f"{where}: expected an object, got {type_name(item)}")
        start, end = offsets(item, where, problem)
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            raise problem(f'{where}: "label" must be a non-empty string')
        if start < 0 or end > len(text):
            raise problem(f"{where}: [{start}, {end}) is outside the text (length {len(text)})")
        if end <= start:
            raise problem(f"{where}: [{start}, {end}) is reversed or empty")
        expected = item.get("text")
        if expected is not None and text[start:end] != expected:
            raise problem(
                f"{where}: [{start}, {end}) covers {text[start:end]!r}, "
                f"but the span says {expected!r} (offsets must count Unicode code points)"
            )
        status = item.get("status", default_status)
        if not (isinstance(status, str) and status in _SPAN_STATUSES):
            raise problem(f'{where}: "status" must be one of {sorted(_SPAN_STATUSES)}')
        entity = item.get("entity", item.get("canonical"))
        if entity is not None and not isinstance(entity, str):
            raise problem(f'{where}: "entity" must be a string (the canonical form)')
        key = item.get("entity_id")
        key = key if entity is not None and isinstance(key, int) and \
            not isinstance(key, bool) else None
        spans.append(IncomingSpan(start, end, label, status, entity, key))
    _check_same_label_overlaps(spans, problem)
    return spans


def _check_same_label_overlaps(spans: list[IncomingSpan], problem) -> None:
    last_by_label: dict[str, IncomingSpan] = {}
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        previous = last_by_label.get(span.label)
        if previous is not None and span.start < previous.end:
            if (previous.start, previous.end) == (span.start, span.end):
                raise problem(f"span [{span.start}, {span.end}) {span.label} is listed twice")
            raise problem(
                f"spans [{previous.start}, {previous.end}) and [{span.start}, {span.end}) "
                f"overlap with the same label {span.label}"
            )
        if previous is None or span.end > previous.end:
            last_by_label[span.label] = span
