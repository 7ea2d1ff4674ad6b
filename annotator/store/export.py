"""Reading a project out for export: documents with spans and entities, streamed in
chunks that other processes can also read on their own (a chunk names documents, not
their contents, so handing one to a worker costs nothing)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.exported import ExportDocument, ExportSpan
from annotator.store import translations
from annotator.store.backends.base import Database

CHUNK = 500  # documents per chunk

# Connections of this process, by project: a worker process opens a project once and
# reads every chunk it is given through it.
_READERS: dict[str, Any] = {}


@dataclass(frozen=True)
class StoredChunk:
    """Some documents of a project, by their sequence numbers: what a worker reads."""

    target: str
    user: str
    seqs: tuple[int, ...]
    suggested: bool

    def load(self) -> list[ExportDocument]:
        if self.target not in _READERS:
            from annotator.store.backends import open_database

            _READERS[self.target] = open_database(self.target, user=self.user)
        return documents_at(_READERS[self.target], self.seqs, suggested=self.suggested)


class ExportSelection:
    """The documents an export takes: iterate for ExportDocuments in import order, or take
    `chunks()` to read them elsewhere (`StoredChunk.load`) or here (`load`)."""

    def __init__(self, db: Database, target: str, user: str, all_documents: bool,
                 suggested: bool) -> None:
        self.db, self.target, self.user = db, target, user
        self.all_documents, self.suggested = all_documents, suggested

    def __iter__(self) -> Iterator[ExportDocument]:
        for chunk in self.chunks():
            yield from self.load(chunk)

    def chunks(self) -> Iterator[StoredChunk]:
        where = "" if self.all_documents else "WHERE status = 'done'"
        batch: list[int] = []
        for (seq,) in self.db.stream(f"SELECT seq FROM documents {where} ORDER BY seq", (),
                                     CHUNK):
            batch.append(seq)
            if len(batch) == CHUNK:
                yield StoredChunk(self.target, self.user, tuple(batch), self.suggested)
                batch = []
        if batch:
            yield StoredChunk(self.target, self.user, tuple(batch), self.suggested)

    def load(self, chunk: StoredChunk) -> list[ExportDocument]:
        return documents_at(self.db, chunk.seqs, suggested=chunk.suggested)


def count(db: Database, *, all_documents: bool = False) -> int:
    where = "" if all_documents else "WHERE status = 'done'"
    return db.scalar(f"SELECT count(*) FROM documents {where}")


def documents_at(db: Database, seqs: Sequence[int], *, suggested: bool = False
                 ) -> list[ExportDocument]:
    """The documents with these sequence numbers, in that order, with accepted spans (and
    suggested ones too when `suggested`)."""
    statuses = ("accepted", "suggested") if suggested else ("accepted",)
    marks = ", ".join("?" * len(seqs))
    rows = db.rows(f"SELECT seq, id, text, meta, status FROM documents WHERE seq IN ({marks}) "
                   "ORDER BY seq", list(seqs))
    spans = _spans_of(db, list(seqs), statuses)
    translated = translations.of_documents(db, list(seqs))
    return [
        ExportDocument(doc_id, text, json.loads(meta), status, [
            ExportSpan(start, end, label, text[start:end], span_status, entity_id, canonical)
            for start, end, label, span_status, entity_id, canonical in spans.get(seq, [])
        ], {lang: t._replace(doc_id=doc_id) for lang, t in translated.get(seq, {}).items()})
        for seq, doc_id, text, meta, status in rows]


def _spans_of(db: Database, seqs: list[int], statuses: tuple[str, ...]
              ) -> dict[int, list[tuple]]:
    marks = ", ".join("?" * len(seqs))
    found: dict[int, list[tuple]] = {}
    for seq, *span in db.rows(
            f"""SELECT s.doc_seq, s.start_char, s.end_char, s.label, s.status, s.entity_id,
                       e.canonical
                FROM spans s LEFT JOIN entities e ON e.id = s.entity_id
                WHERE s.doc_seq IN ({marks}) AND s.status IN ({', '.join('?' * len(statuses))})
                ORDER BY s.doc_seq, s.start_char, s.end_char, s.label""",
            (*seqs, *statuses)):
        found.setdefault(seq, []).append(tuple(span))
    return found
