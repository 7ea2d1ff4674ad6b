"""Spans: tagging, relabelling, linking to entities, and reviewing suggestions. Every check
reads inside the action's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.core.errors import InvalidValue, NotFound
from annotator.core.models import Span, SpanStatus
from annotator.store import documents, entities, invariants, labels
from annotator.store.backends.base import Database
from annotator.store.history import Recorder
from annotator.store.values import as_enum


def of_document(db: Database, doc_id: str, status: SpanStatus | str | None = None,
                layer: str = "gold") -> list[Span]:
    seq = documents.row(db, doc_id)["seq"]
    sql = "SELECT * FROM spans WHERE doc_seq = ? AND layer = ?"
    params: tuple[Any, ...] = (seq, layer)
    if status is not None:
        sql += " AND status = ?"
        params += (str(status),)
    return [_span(found, doc_id)
            for found in db.rows(sql + " ORDER BY start_char, end_char, label", params)]


def get(db: Database, span_id: int) -> Span:
    found = db.one(
        "SELECT s.*, d.id AS doc_id FROM spans s JOIN documents d ON d.seq = s.doc_seq "
        "WHERE s.id = ?", (span_id,))
    if found is None:
        raise NotFound(f"no span {span_id}")
    return _span(found, found["doc_id"])


def add(change: Recorder, doc_id: str, start: int, end: int, label: str, *,
        status: SpanStatus | str = SpanStatus.ACCEPTED, entity_id: int | None = None) -> int:
    """Same-label spans may not overlap; spans of different labels may nest or overlap.
    An accepted span replaces the suggestions it overlaps, never an accepted span."""
    status = as_enum(SpanStatus, status, "span status")
    db = change.db
    document = documents.row(db, doc_id)
    length = len(document["text"])
    if not 0 <= start < end <= length:
        raise InvalidValue(f"span [{start}, {end}) is not inside the document (length {length})")
    labels.require(db, label)
    seq = document["seq"]
    surface = document["text"][start:end]
    change.name = f"tag {surface!r} {label}"
    kept_entity = None
    for found in overlapping(db, seq, start, end, label, change.layer):
        if found["status"] == SpanStatus.ACCEPTED.value or status == SpanStatus.SUGGESTED:
            invariants.refuse_overlap(db, seq, start, end, label, layer=change.layer)
        # A person's tag replaces the suggestions it overlaps (the same suggestion, kept).
        kept_entity = kept_entity or found["entity_id"]
        change.delete("spans", {"id": found["id"]})
    span_id = change.insert("spans", {
        "doc_seq": seq, "start_char": start, "end_char": end, "label": label,
        "status": status.value, "annotator": change.annotator, "created_at": change.at,
        "entity_id": kept_entity if entity_id is None else None, "layer": change.layer,
    })
    if entity_id is not None:
        _link(change, span_id, entity_id, surface)
    if status == SpanStatus.ACCEPTED:
        documents.start(change, seq, change.layer)
    return span_id


def add_named(change: Recorder, doc_id: str, start: int, end: int, label: str,
              entity: str, status: SpanStatus | str = SpanStatus.ACCEPTED) -> int:
    """Tag and link to the entity of that id, canonical form or spelling; an entity of
    that name is created (typed with the label) when none exists. One action."""
    try:
        entity_id = entities.find(change.db, entity).id
    except NotFound:
        entity_id = None
    span_id = add(change, doc_id, start, end, label, status=status, entity_id=entity_id)
    if entity_id is None:
        link_to_new_entity(change, span_id, entity, label)
    surface = documents.row(change.db, doc_id)["text"][start:end]
    change.name = f"tag {surface!r} {label} as {entity!r}"
    return span_id


def listed(db: Database, layer: str, doc_id: str | None = None,
           status: SpanStatus | str | None = None) -> Iterator[tuple[Span, str, str | None]]:
    """Spans of a layer with their text and their entity's canonical form, document by
    document in import order (one document's with `doc_id`), read in pages."""
    where, params = ["s.layer = ?"], [layer]
    if doc_id is not None:
        where.append("s.doc_seq = ?")
        params.append(documents.row(db, doc_id)["seq"])
    if status is not None:
        where.append("s.status = ?")
        params.append(str(as_enum(SpanStatus, status, "span status")))
    for found in db.stream(
            f"""SELECT s.*, d.id AS doc_id,
                       substr(d.text, s.start_char + 1, s.end_char - s.start_char) AS surface,
                       e.canonical AS canonical
                FROM spans s JOIN documents d ON d.seq = s.doc_seq
                LEFT JOIN entities e ON e.id = s.entity_id
                WHERE {' AND '.join(where)}
                ORDER BY s.doc_seq, s.start_char, s.end_char, s.label""", tuple(params), 1000):
        yield _span(found, found["doc_id"]), found["surface"], found["canonical"]


def remove(change: Recorder, span_id: int) -> Span:
    span = get(change.db, span_id)
    change.name = f"remove span {span.label} [{span.start}, {span.end})"
    change.delete("spans", {"id": span_id})
    return span


def relabel(change: Recorder, span_id: int, label: str) -> None:
    db = change.db
    span = get(db, span_id)
    labels.require(db, label)
    seq = documents.row(db, span.doc_id)["seq"]
    invariants.refuse_overlap(db, seq, span.start, span.end, label, layer=span.layer,
                              ignore=span_id)
    change.name = f"relabel span {span.label} -> {label}"
    change.update("spans", {"id": span_id}, {"label": label})


def accept(change: Recorder, span_id: int) -> None:
    span = get(change.db, span_id)
    if span.status != SpanStatus.SUGGESTED:
        raise InvalidValue(f"span {span_id} is not a suggestion (accepted by {span.annotator})")
    change.update("spans", {"id": span_id},
                  {"status": SpanStatus.ACCEPTED.value, "annotator": change.annotator})
    documents.start(change, documents.row(change.db, span.doc_id)["seq"], span.layer)


def reject(change: Recorder, span_id: int) -> Span:
    """Remove a suggested span and remember it, so pre-annotation never offers it again."""
    span = get(change.db, span_id)
    if span.status != SpanStatus.SUGGESTED:
        raise InvalidValue("only suggestions are rejected; remove an accepted span instead")
    seq = documents.row(change.db, span.doc_id)["seq"]
    change.name = f"reject suggestion {span.label} [{span.start}, {span.end})"
    change.delete("spans", {"id": span_id})
    if change.db.one("SELECT 1 FROM span_rejections WHERE layer = ? AND doc_seq = ? "
                     "AND start_char = ? AND end_char = ? AND label = ?",
                     (span.layer, seq, span.start, span.end, span.label)) is None:
        change.insert("span_rejections", {
            "layer": span.layer, "doc_seq": seq, "start_char": span.start,
            "end_char": span.end, "label": span.label, "annotator": change.annotator,
            "at": change.at})
    return span


def accept_of_entity(change: Recorder, doc_id: str, entity_id: int) -> int:
    """Accept every suggestion linked to the entity in one document; returns how many."""
    seq = documents.row(change.db, doc_id)["seq"]
    found = [r[0] for r in change.db.rows(
        "SELECT id FROM spans WHERE doc_seq = ? AND layer = ? AND entity_id = ? "
        "AND status = 'suggested'", (seq, change.layer, entity_id))]
    change.name = f"accept {len(found)} suggestions of entity {entity_id}"
    for span_id in found:
        change.update("spans", {"id": span_id},
                      {"status": SpanStatus.ACCEPTED.value, "annotator": change.annotator})
    if found:
        documents.start(change, seq, change.layer)
    return len(found)


def link(change: Recorder, span_id: int, entity_id: int | None) -> None:
    """Link a span to an entity (its surface form joins the entity's forms), or unlink."""
    span = get(change.db, span_id)
    change.name = "link span" if entity_id is not None else "unlink span"
    if entity_id is None:
        change.update("spans", {"id": span_id}, {"entity_id": None})
        return
    text = documents.row(change.db, span.doc_id)["text"]
    _link(change, span_id, entity_id, text[span.start:span.end])


def link_to_new_entity(change: Recorder, span_id: int, canonical: str,
                       label: str | None = None) -> None:
    """Create an entity (typed with the span's label unless told) and link the span to it."""
    span = get(change.db, span_id)
    surface = documents.row(change.db, span.doc_id)["text"][span.start:span.end]
    entity_id = entities.create(change, canonical, label or span.label, [])
    change.name = f"link {surface!r} to new entity {canonical!r}"
    _link(change, span_id, entity_id, surface)


def _link(change: Recorder, span_id: int, entity_id: int, surface: str) -> None:
    """The span joins the entity; its spelling joins the entity's forms unless another
    entity has that spelling already (the link of a homonym is kept on the span alone)."""
    if change.db.one("SELECT 1 FROM entities WHERE id = ?", (entity_id,)) is None:
        raise NotFound(f"no entity {entity_id}")
    change.update("spans", {"id": span_id}, {"entity_id": entity_id})
    if invariants.form_owner(change.db, surface) is None:
        change.insert("entity_forms", {"entity_id": entity_id, "form": surface})


def overlapping(db: Database, seq: int, start: int, end: int, label: str, layer: str
                 ) -> list[Any]:
    return db.rows("SELECT * FROM spans WHERE doc_seq = ? AND layer = ? AND label = ? "
                   "AND start_char < ? AND end_char > ?", (seq, layer, label, end, start))


def _span(found: Any, doc_id: str) -> Span:
    return Span(
        id=found["id"], doc_id=doc_id, start=found["start_char"], end=found["end_char"],
        label=found["label"], status=found["status"], entity_id=found["entity_id"],
        annotator=found["annotator"], created_at=found["created_at"], layer=found["layer"],
    )
