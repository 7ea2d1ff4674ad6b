"""Reading a project out for export: documents with spans and entities, streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator

from annotator.core.exported import ExportDocument, ExportSpan
from annotator.store.base import ProjectBase


class ExportOps(ProjectBase):
    def export_count(self, *, all_documents: bool = False) -> int:
        where = "" if all_documents else "WHERE status = 'done'"
        return self._conn.execute(f"SELECT count(*) FROM documents {where}").fetchone()[0]

    def export_documents(
        self, *, all_documents: bool = False, suggested: bool = False
    ) -> Iterator[ExportDocument]:
        """Documents in import order: only those marked done unless `all_documents`, with
        accepted spans, and suggested ones too (marked as such) when `suggested`."""
        where = "" if all_documents else "WHERE d.status = 'done'"
        statuses = ("accepted", "suggested") if suggested else ("accepted",)
        # Read on a cursor of its own so a long export never holds every row in memory.
        documents = self._conn.cursor().execute(
            f"SELECT d.seq, d.id, d.text, d.meta, d.status FROM documents d {where} ORDER BY d.seq")
        while rows := documents.fetchmany(500):
            spans = self._spans_of([row[0] for row in rows], statuses)
            for seq, doc_id, text, meta, status in rows:
                yield ExportDocument(doc_id, text, json.loads(meta), status, [
                    ExportSpan(start, end, label, text[start:end], span_status, entity_id,
                               canonical)
                    for start, end, label, span_status, entity_id, canonical in spans.get(seq, [])
                ])

    def _spans_of(self, seqs: list[int], statuses: tuple[str, ...]) -> dict[int, list[tuple]]:
        marks = ", ".join("?" * len(seqs))
        found: dict[int, list[tuple]] = {}
        rows = self._conn.execute(
            f"""SELECT s.doc_seq, s.start_char, s.end_char, s.label, s.status, s.entity_id,
                       e.canonical
                FROM spans s LEFT JOIN entities e ON e.id = s.entity_id
                WHERE s.doc_seq IN ({marks}) AND s.status IN ({', '.join('?' * len(statuses))})
                ORDER BY s.doc_seq, s.start_char, s.end_char, s.label""",
            (*seqs, *statuses))
        for seq, *span in rows:
            found.setdefault(seq, []).append(tuple(span))
        return found
