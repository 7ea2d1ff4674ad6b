"""The rules every change must keep, checked inside the change's own transaction (so no
other writer can slip in between the check and the write), by actions and by undo alike:

- spans with the same label never overlap in a document's layer;
- a spelling (form) belongs to at most one entity;
- a form an entity lists is kept while a span linked to that entity is written so (see
  `spans_written`).
"""

from __future__ import annotations

from typing import Any

from annotator.core.errors import Conflict
from annotator.store.backends.base import Database


def clashing_span(db: Database, seq: int, start: int, end: int, label: str, *,
                  layer: str = "gold", ignore: int | None = None) -> Any | None:
    """A stored span of `label` in `layer` overlapping [start, end) (other than `ignore`)."""
    other = "" if ignore is None else "AND s.id <> ? "
    return db.one(
        "SELECT s.*, substr(d.text, s.start_char + 1, s.end_char - s.start_char) AS surface "
        "FROM spans s JOIN documents d ON d.seq = s.doc_seq WHERE s.doc_seq = ? AND s.layer = ? "
        f"AND s.label = ? AND s.start_char < ? AND s.end_char > ? {other}"
        "ORDER BY CASE s.status WHEN 'accepted' THEN 0 ELSE 1 END, s.start_char LIMIT 1",
        (seq, layer, label, end, start, *(() if ignore is None else (ignore,))))


def describe_span(row: Any) -> str:
    """"the accepted PERSON span [6, 16) 'Vassilenko' tagged by bob"."""
    verb = "tagged" if row["status"] == "accepted" else "suggested"
    return (f"the {row['status']} {row['label']} span [{row['start_char']}, {row['end_char']})"
            f" {row['surface']!r} {verb} by {row['annotator']}")


def refuse_overlap(db: Database, seq: int, start: int, end: int, label: str, *,
                   layer: str = "gold", ignore: int | None = None) -> None:
    clash = clashing_span(db, seq, start, end, label, layer=layer, ignore=ignore)
    if clash is not None:
        raise Conflict(f"[{start}, {end}) overlaps {describe_span(clash)}; spans with the "
                       "same label may not overlap")


def form_owner(db: Database, form: str) -> tuple[int, str] | None:
    """(entity id, canonical form) of the entity that lists `form`, if any."""
    row = db.execute(
        "SELECT e.id, e.canonical FROM entity_forms f JOIN entities e ON e.id = f.entity_id "
        "WHERE f.form = ?", (form,)).fetchone()
    return (row[0], row[1]) if row else None


def spans_written(db: Database, entity_id: int, form: str) -> list[int]:
    """Ids of the spans linked to the entity that are written `form` in their document."""
    return [row[0] for row in db.execute(
        "SELECT s.id FROM spans s JOIN documents d ON d.seq = s.doc_seq WHERE s.entity_id = ? "
        "AND substr(d.text, s.start_char + 1, s.end_char - s.start_char) = ?",
        (entity_id, form))]


def has_accepted_spans(db: Database, seq: int, layer: str = "gold") -> bool:
    return db.one("SELECT 1 FROM spans WHERE doc_seq = ? AND layer = ? AND status = 'accepted' "
                  "LIMIT 1", (seq, layer)) is not None
