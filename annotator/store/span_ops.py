"""Spans: tagging, relabelling, linking to entities, and reviewing suggestions."""

from __future__ import annotations

import sqlite3
from typing import Any

from annotator.core.errors import Conflict, InvalidValue, NotFound
from annotator.core.models import DocumentStatus, Span, SpanStatus
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
        """Same-label spans may not overlap; spans of different labels may nest or overlap."""
        document = self._document_row(doc_id)
        status = as_enum(SpanStatus, status, "span status")
        length = len(document["text"])
        if not 0 <= start < end <= length:
            raise InvalidValue(
                f"span [{start}, {end}) is not inside the document (length {length})")
        self._require_label(label)
        seq = document["seq"]
        self._refuse_overlap(seq, start, end, label, statuses=_blocking(status))
        surface = document["text"][start:end]
        with self._action(f"tag {surface!r} {label}") as change:
            # A person's tag replaces the suggestions it overlaps (the same suggestion, kept).
            kept_entity = None
            for row in self._overlapping(seq, start, end, label):
                kept_entity = kept_entity or row["entity_id"]
                change.delete("spans", {"id": row["id"]})
            span_id = change.insert("spans", {
                "doc_seq": seq, "start_char": start, "end_char": end, "label": label,
                "status": status.value, "annotator": self.annotator, "created_at": now(),
                "entity_id": kept_entity if entity_id is None else None,
            })
            if entity_id is not None:
                self._link(change, span_id, entity_id, surface)
            self._start_document(change, document)
        return self.span(span_id)

    def remove_span(self, span_id: int) -> None:
        span = self.span(span_id)
        with self._action(f"remove span {span.label} [{span.start}, {span.end})") as change:
            change.delete("spans", {"id": span_id})

    def relabel_span(self, span_id: int, label: str) -> Span:
        span = self.span(span_id)
        self._require_label(label)
        seq = self._document_row(span.doc_id)["seq"]
        self._refuse_overlap(seq, span.start, span.end, label, ignore=span_id)
        with self._action(f"relabel span {span.label} -> {label}") as change:
            change.update("spans", {"id": span_id}, {"label": label})
        return self.span(span_id)

    def accept_span(self, span_id: int) -> Span:
        with self._action("accept suggestion") as change:
            change.update("spans", {"id": span_id}, {
                "status": SpanStatus.ACCEPTED.value, "annotator": self.annotator,
            })
        return self.span(span_id)

    def reject_span(self, span_id: int) -> None:
        """Remove a suggested span and remember it, so pre-annotation never offers it again."""
        span = self.span(span_id)
        if span.status != SpanStatus.SUGGESTED:
            raise InvalidValue("only suggestions are rejected; remove an accepted span instead")
        seq = self._document_row(span.doc_id)["seq"]
        with self._action(f"reject suggestion {span.label} [{span.start}, {span.end})") as change:
            change.delete("spans", {"id": span_id})
            self._remember_rejection(change, seq, span.start, span.end, span.label)

    def accept_entity_suggestions(self, doc_id: str, entity_id: int) -> int:
        """Accept every suggestion linked to the entity in one document; returns how many."""
        seq = self._document_row(doc_id)["seq"]
        ids = [r[0] for r in self._conn.execute(
            "SELECT id FROM spans WHERE doc_seq = ? AND entity_id = ? AND status = 'suggested'",
            (seq, entity_id))]
        if ids:
            with self._action(f"accept {len(ids)} suggestions of entity {entity_id}") as change:
                for span_id in ids:
                    change.update("spans", {"id": span_id}, {
                        "status": SpanStatus.ACCEPTED.value, "annotator": self.annotator})
        return len(ids)

    def link_span(self, span_id: int, entity_id: int | None) -> Span:
        """Link a span to an entity (its surface form joins the entity's forms), or unlink."""
        span = self.span(span_id)
        text = self._document_row(span.doc_id)["text"]
        with self._action("link span" if entity_id is not None else "unlink span") as change:
            if entity_id is None:
                change.update("spans", {"id": span_id}, {"entity_id": None})
            else:
                self._link(change, span_id, entity_id, text[span.start:span.end])
        return self.span(span_id)

    def link_span_to_new_entity(self, span_id: int, canonical: str,
                                label: str | None = None) -> Span:
        """Create an entity (typed with the span's label unless told) and link the span to
        it: one action, one undo."""
        span = self.span(span_id)
        if not canonical.strip():
            raise InvalidValue("an entity needs a canonical form")
        surface = self._document_row(span.doc_id)["text"][span.start:span.end]
        with self._action(f"link {surface!r} to new entity {canonical!r}") as change:
            entity_id = self._create_entity(change, canonical, label or span.label, [canonical])
            self._link(change, span_id, entity_id, surface)
        return self.span(span_id)

    def _link(self, change: Recorder, span_id: int, entity_id: int, surface: str) -> None:
        if not self._conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone():
            raise NotFound(f"no entity {entity_id}")
        change.update("spans", {"id": span_id}, {"entity_id": entity_id})
        known = self._conn.execute(
            "SELECT 1 FROM entity_forms WHERE entity_id = ? AND form = ?", (entity_id, surface)
        ).fetchone()
        if not known:
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

    def _refuse_overlap(
        self, seq: int, start: int, end: int, label: str, ignore: int | None = None,
        statuses: tuple[str, ...] = ("accepted", "suggested"),
    ) -> None:
        clash = next((row for row in self._overlapping(seq, start, end, label)
                      if row["id"] != ignore and row["status"] in statuses), None)
        if clash:
            raise Conflict(
                f"[{start}, {end}) overlaps the {label} span [{clash['start_char']}, "
                f"{clash['end_char']}); spans with the same label may not overlap"
            )

    def _start_document(self, change: Recorder, document: sqlite3.Row) -> None:
        if document["status"] == DocumentStatus.NEW.value:
            change.update(
                "documents", {"seq": document["seq"]}, {"status": DocumentStatus.IN_PROGRESS.value}
            )


def _blocking(status: SpanStatus) -> tuple[str, ...]:
    """An accepted span may replace suggestions; a suggestion may replace nothing."""
    return ("accepted",) if status == SpanStatus.ACCEPTED else ("accepted", "suggested")


def _span(row: sqlite3.Row, doc_id: str) -> Span:
    return Span(
        id=row["id"], doc_id=doc_id, start=row["start_char"], end=row["end_char"],
        label=row["label"], status=row["status"], entity_id=row["entity_id"],
        annotator=row["annotator"], created_at=row["created_at"],
    )
