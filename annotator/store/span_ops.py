"""Spans: tagging, relabelling, linking to entities, and reviewing suggestions."""

from __future__ import annotations

import sqlite3
from typing import Any

from annotator.core.errors import InvalidValue, NotFound
from annotator.core.models import DocumentStatus, Span, SpanStatus
from annotator.store import invariants
from annotator.store.base import as_enum, now
from annotator.store.entity_ops import EntityOps
from annotator.store.history import Recorder


class SpanOps(EntityOps):
    def spans(self, doc_id: str, status: SpanStatus | str | None = None) -> list[Span]:
        seq = self._document_row(doc_id)["seq"]
        sql = "SELECT * FROM spans WHERE doc_seq = ?"
        params: tuple[Any, ...] = (seq,)
        if status is not None:
            sql += " AND status = ?"
            params += (str(status),)
        rows = self._conn.execute(sql + " ORDER BY start_char, end_char, label", params)
        return [_span(row, doc_id) for row in rows]

    def span(self, span_id: int) -> Span:
        row = self._conn.execute(
            "SELECT s.*, d.id AS doc_id FROM spans s JOIN documents d ON d.seq = s.doc_seq "
            "WHERE s.id = ?", (span_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no span {span_id}")
        return _span(row, row["doc_id"])

    def add_span(
        self, doc_id: str, start: int, end: int, label: str, *,
        status: SpanStatus | str = SpanStatus.ACCEPTED, entity_id: int | None = None,
    ) -> Span:
        """Same-label spans may not overlap; spans of different labels may nest or overlap.
        An accepted span replaces the suggestions it overlaps, never an accepted span."""
        status = as_enum(SpanStatus, status, "span status")
        with self._action("tag") as change:
            document = self._document_row(doc_id)
            length = len(document["text"])
            if not 0 <= start < end <= length:
                raise InvalidValue(
                    f"span [{start}, {end}) is not inside the document (length {length})")
            self._require_label(label)
            seq = document["seq"]
            surface = document["text"][start:end]
            change.name = f"tag {surface!r} {label}"
            kept_entity = None
            for row in self._overlapping(seq, start, end, label):
                if row["status"] == SpanStatus.ACCEPTED.value or status == SpanStatus.SUGGESTED:
                    invariants.refuse_overlap(self._conn, seq, start, end, label)
                # A person's tag replaces the suggestions it overlaps (the same suggestion, kept).
                kept_entity = kept_entity or row["entity_id"]
                change.delete("spans", {"id": row["id"]})
            span_id = change.insert("spans", {
                "doc_seq": seq, "start_char": start, "end_char": end, "label": label,
                "status": status.value, "annotator": self.annotator, "created_at": now(),
                "entity_id": kept_entity if entity_id is None else None,
            })
            if entity_id is not None:
                self._link(change, span_id, entity_id, surface)
            if status == SpanStatus.ACCEPTED:
                self._start_document(change, seq)
        return self.span(span_id)

    def remove_span(self, span_id: int) -> Span:
        """Remove a span; returns it as it was."""
        with self._action("remove span") as change:
            span = self.span(span_id)
            change.name = f"remove span {span.label} [{span.start}, {span.end})"
            change.delete("spans", {"id": span_id})
        return span

    def relabel_span(self, span_id: int, label: str) -> Span:
        with self._action("relabel span") as change:
            span = self.span(span_id)
            self._require_label(label)
            seq = self._document_row(span.doc_id)["seq"]
            invariants.refuse_overlap(self._conn, seq, span.start, span.end, label,
                                      ignore=span_id)
            change.name = f"relabel span {span.label} -> {label}"
            change.update("spans", {"id": span_id}, {"label": label})
        return self.span(span_id)

    def accept_span(self, span_id: int) -> Span:
        with self._action("accept suggestion") as change:
            span = self.span(span_id)
            if span.status != SpanStatus.SUGGESTED:
                raise InvalidValue(f"span {span_id} is not a suggestion (accepted by "
                                   f"{span.annotator})")
            change.update("spans", {"id": span_id}, {
                "status": SpanStatus.ACCEPTED.value, "annotator": self.annotator,
            })
            self._start_document(change, self._document_row(span.doc_id)["seq"])
        return self.span(span_id)

    def reject_span(self, span_id: int) -> Span:
        """Remove a suggested span and remember it, so pre-annotation never offers it again;
        returns the suggestion as it was."""
        with self._action("reject suggestion") as change:
            span = self.span(span_id)
            if span.status != SpanStatus.SUGGESTED:
                raise InvalidValue(
                    "only suggestions are rejected; remove an accepted span instead")
            seq = self._document_row(span.doc_id)["seq"]
            change.name = f"reject suggestion {span.label} [{span.start}, {span.end})"
            change.delete("spans", {"id": span_id})
            self._remember_rejection(change, seq, span.start, span.end, span.label)
        return span

    def accept_entity_suggestions(self, doc_id: str, entity_id: int) -> int:
        """Accept every suggestion linked to the entity in one document; returns how many."""
        with self._action("accept suggestions") as change:
            seq = self._document_row(doc_id)["seq"]
            ids = [r[0] for r in self._conn.execute(
                "SELECT id FROM spans WHERE doc_seq = ? AND entity_id = ? "
                "AND status = 'suggested'", (seq, entity_id))]
            change.name = f"accept {len(ids)} suggestions of entity {entity_id}"
            for span_id in ids:
                change.update("spans", {"id": span_id}, {
                    "status": SpanStatus.ACCEPTED.value, "annotator": self.annotator})
            if ids:
                self._start_document(change, seq)
        return len(ids)

    def link_span(self, span_id: int, entity_id: int | None) -> Span:
        """Link a span to an entity (its surface form joins the entity's forms), or unlink."""
        with self._action("link span" if entity_id is not None else "unlink span") as change:
            span = self.span(span_id)
            text = self._document_row(span.doc_id)["text"]
            if entity_id is None:
                change.update("spans", {"id": span_id}, {"entity_id": None})
            else:
                self._link(change, span_id, entity_id, text[span.start:span.end])
        return self.span(span_id)

    def link_span_to_new_entity(self, span_id: int, canonical: str,
                                label: str | None = None) -> Span:
        """Create an entity (typed with the span's label unless told) and link the span to
        it: one action, one undo."""
        if not canonical.strip():
            raise InvalidValue("an entity needs a canonical form")
        with self._action("link to new entity") as change:
            span = self.span(span_id)
            surface = self._document_row(span.doc_id)["text"][span.start:span.end]
            change.name = f"link {surface!r} to new entity {canonical!r}"
            entity_id = self._create_entity(change, canonical, label or span.label, [])
            self._link(change, span_id, entity_id, surface)
        return self.span(span_id)

    def _link(self, change: Recorder, span_id: int, entity_id: int, surface: str) -> None:
        """The span joins the entity; its spelling joins the entity's forms unless another
        entity has that spelling already (a spelling belongs to one entity: the link of a
        homonym is kept on the span alone)."""
        if not self._conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone():
            raise NotFound(f"no entity {entity_id}")
        change.update("spans", {"id": span_id}, {"entity_id": entity_id})
        if invariants.form_owner(self._conn, surface) is None:
            change.insert("entity_forms", {"entity_id": entity_id, "form": surface})

    def _remember_rejection(
        self, change: Recorder, seq: int, start: int, end: int, label: str
    ) -> None:
        known = self._conn.execute(
            "SELECT 1 FROM span_rejections WHERE doc_seq = ? AND start_char = ? AND end_char = ? "
            "AND label = ?", (seq, start, end, label)).fetchone()
        if not known:
            change.insert("span_rejections", {
                "doc_seq": seq, "start_char": start, "end_char": end, "label": label,
                "annotator": self.annotator, "at": now()})

    def _overlapping(self, seq: int, start: int, end: int, label: str) -> list[sqlite3.Row]:
        return self._conn.execute(
            "SELECT * FROM spans WHERE doc_seq = ? AND label = ? AND start_char < ? "
            "AND end_char > ?", (seq, label, end, start)).fetchall()

    def _start_document(self, change: Recorder, seq: int) -> None:
        """A document's first accepted span puts it in progress (a side effect: undo puts it
        back to new only if no one else's span keeps it in progress)."""
        status = self._conn.execute("SELECT status FROM documents WHERE seq = ?",
                                    (seq,)).fetchone()[0]
        if status == DocumentStatus.NEW.value:
            change.update("documents", {"seq": seq},
                          {"status": DocumentStatus.IN_PROGRESS.value}, soft=True)


def _span(row: sqlite3.Row, doc_id: str) -> Span:
    return Span(
        id=row["id"], doc_id=doc_id, start=row["start_char"], end=row["end_char"],
        label=row["label"], status=row["status"], entity_id=row["entity_id"],
        annotator=row["annotator"], created_at=row["created_at"],
    )
