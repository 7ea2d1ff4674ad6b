"""Reading a project out for export: documents with spans and entities, streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator

from annotator.core.exported import ExportDocument, ExportSpan
from annotator.core.translations import DocumentTranslation, TranslatedSentence
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
            seqs = [row[0] for row in rows]
            spans = self._spans_of(seqs, statuses)
            translations = self._translations_of(seqs)
            for seq, doc_id, text, meta, status in rows:
                yield ExportDocument(doc_id, text, json.loads(meta), status, [
                    ExportSpan(start, end, label, text[start:end], span_status, entity_id,
                               canonical)
                    for start, end, label, span_status, entity_id, canonical in spans.get(seq, [])
                ], {lang: t._replace(doc_id=doc_id)
                    for lang, t in translations.get(seq, {}).items()})

    def translation_languages(self) -> list[str]:
        """Languages the project holds translations in."""
        return [lang for (lang,) in self._conn.execute(
            "SELECT DISTINCT lang FROM translations ORDER BY lang")]

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

    def _translations_of(self, seqs: list[int]) -> dict[int, dict[str, DocumentTranslation]]:
        marks = ", ".join("?" * len(seqs))
        found: dict[int, dict[str, DocumentTranslation]] = {}
        for seq, lang, route, packages, engine, at in self._conn.execute(
                f"SELECT doc_seq, lang, route, packages, engine, translated_at FROM translations "
                f"WHERE doc_seq IN ({marks})", seqs):
            found.setdefault(seq, {})[lang] = DocumentTranslation(
                "", lang, route, packages, engine, at, [])
        for seq, lang, start, end, text in self._conn.execute(
                f"SELECT doc_seq, lang, start_char, end_char, text FROM translation_sentences "
                f"WHERE doc_seq IN ({marks}) ORDER BY doc_seq, lang, position", seqs):
            found[seq][lang].sentences.append(TranslatedSentence(start, end, text))
        return found
