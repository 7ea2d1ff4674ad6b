"""Reading a project out for export: documents with spans and entities, streamed in
chunks that other processes can also read on their own (a chunk names documents, not
their contents, so handing one to a worker costs nothing)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotator.core.exported import ExportDocument, ExportSpan
from annotator.store import health
from annotator.store.translation_ops import TranslationOps

CHUNK = 500  # documents per chunk

# Read-only connections of this process, by project path: a worker process opens a project
# once and reads every chunk it is given through it.
_READERS: dict[str, Any] = {}


@dataclass(frozen=True)
class StoredChunk:
    """Some documents of a project, by their sequence numbers: what a worker reads."""

    path: str
    seqs: tuple[int, ...]
    suggested: bool

    def load(self) -> list[ExportDocument]:
        if self.path not in _READERS:
            from annotator.store.project import Project

            _READERS[self.path] = Project.open(self.path)
        return _READERS[self.path].export_documents_at(self.seqs, suggested=self.suggested)


class ExportSelection:
    """The documents an export takes: iterate for ExportDocuments in import order, or take
    `chunks()` to read them elsewhere (`StoredChunk.load`) or here (`load`)."""

    def __init__(self, project: ExportOps, all_documents: bool, suggested: bool) -> None:
        self.project, self.all_documents, self.suggested = project, all_documents, suggested

    def __iter__(self) -> Iterator[ExportDocument]:
        for chunk in self.chunks():
            yield from self.load(chunk)

    def chunks(self) -> Iterator[StoredChunk]:
        where = "" if self.all_documents else "WHERE status = 'done'"
        # A cursor of its own, read a chunk at a time: a long export never holds every row.
        rows = self.project._conn.cursor().execute(
            f"SELECT seq FROM documents {where} ORDER BY seq")
        while seqs := rows.fetchmany(CHUNK):
            yield StoredChunk(str(self.project.path), tuple(seq for (seq,) in seqs),
                              self.suggested)

    def load(self, chunk: StoredChunk) -> list[ExportDocument]:
        return self.project.export_documents_at(chunk.seqs, suggested=chunk.suggested)


class ExportOps(TranslationOps):
    def export_count(self, *, all_documents: bool = False) -> int:
        where = "" if all_documents else "WHERE status = 'done'"
        return self._conn.execute(f"SELECT count(*) FROM documents {where}").fetchone()[0]

    def confirm_complete(self, written: int, expected: int) -> None:
        """After an export: fewer documents read than the project lists may mean pages that
        SQLite could not follow (a damaged file), which it does not always report as an
        error. Raises ProjectDamaged when SQLite's check confirms it."""
        if written >= expected:
            return
        problems = health.quick_check(self._conn)
        if problems:
            health.note_damage(self.path, RuntimeError(problems[0]))
            raise health.ProjectDamaged(
                f"{self.path} is damaged: {expected} documents are listed, {written} could be "
                f"read ({problems[0]}). Restore a backup, or recover what is readable with "
                f"`sqlite3 {self.path} .recover | sqlite3 recovered.db`.")

    def export_documents(
        self, *, all_documents: bool = False, suggested: bool = False
    ) -> ExportSelection:
        """Documents in import order: only those marked done unless `all_documents`, with
        accepted spans, and suggested ones too (marked as such) when `suggested`."""
        return ExportSelection(self, all_documents, suggested)

    def export_documents_at(self, seqs: tuple[int, ...] | list[int], *,
                            suggested: bool = False) -> list[ExportDocument]:
        """The documents with these sequence numbers, in that order."""
        statuses = ("accepted", "suggested") if suggested else ("accepted",)
        marks = ", ".join("?" * len(seqs))
        rows = self._conn.execute(
            f"SELECT seq, id, text, meta, status FROM documents WHERE seq IN ({marks}) "
            "ORDER BY seq", list(seqs)).fetchall()
        spans = self._spans_of(list(seqs), statuses)
        translations = self._translations_of(list(seqs))
        return [
            ExportDocument(doc_id, text, json.loads(meta), status, [
                ExportSpan(start, end, label, text[start:end], span_status, entity_id,
                           canonical)
                for start, end, label, span_status, entity_id, canonical in spans.get(seq, [])
            ], {lang: t._replace(doc_id=doc_id)
                for lang, t in translations.get(seq, {}).items()})
            for seq, doc_id, text, meta, status in rows]

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
