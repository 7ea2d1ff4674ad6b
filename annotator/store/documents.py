"""Documents: listing (page by page), reading, tokens, sentences and status."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from annotator.core.errors import NotFound
from annotator.core.models import Document, DocumentStatus
from annotator.core.tokenize import Sentence, Token, split_sentences, tokenize
from annotator.store.backends.base import Database
from annotator.store.history import Recorder
from annotator.store.values import as_enum


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    seq: int
    status: DocumentStatus
    length: int
    title: str
    accepted: int
    suggested: int


def row(db: Database, doc_id: str) -> Any:
    found = db.one("SELECT * FROM documents WHERE id = ?", (doc_id,))
    if found is None:
        raise NotFound(f"no document {doc_id!r}")
    return found


def count(db: Database, status: DocumentStatus | str | None = None) -> int:
    if status is None:
        return db.scalar("SELECT count(*) FROM documents")
    return db.scalar("SELECT count(*) FROM documents WHERE status = ?", (str(status),))


def page(db: Database, *, offset: int, limit: int, status: DocumentStatus | str | None,
         search: str | None, label: str | None, entity: str | None) -> list[DocumentSummary]:
    """A page of documents in import order. `search` matches the text or the id; `label`
    keeps documents with a span of that label; `entity` those with a span linked to the
    entity of that name or spelling."""
    clauses: list[str] = []
    params: list[object] = []
    if status is not None:
        clauses.append("d.status = ?")
        params.append(str(status))
    if search:
        clauses.append("(instr(d.text, ?) > 0 OR instr(d.id, ?) > 0)")
        params += [search, search]
    if label:
        clauses.append("EXISTS (SELECT 1 FROM spans s WHERE s.doc_seq = d.seq AND s.label = ?)")
        params.append(label)
    if entity:
        clauses.append(
            "EXISTS (SELECT 1 FROM spans s WHERE s.doc_seq = d.seq AND s.entity_id IN "
            "(SELECT id FROM entities WHERE canonical = ? UNION "
            "SELECT entity_id FROM entity_forms WHERE form = ?))")
        params += [entity, entity]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return _summaries(db, f"{where} ORDER BY d.seq LIMIT ? OFFSET ?", (*params, limit, offset))


def summary(db: Database, doc_id: str) -> DocumentSummary:
    found = _summaries(db, "WHERE d.id = ?", (doc_id,))
    if not found:
        raise NotFound(f"no document {doc_id!r}")
    return found[0]


def _summaries(db: Database, tail: str, params: tuple) -> list[DocumentSummary]:
    rows = db.rows(
        f"""SELECT d.seq, d.id, d.status, length(d.text) AS length,
                   json_extract(d.meta, '$.title') AS title, substr(d.text, 1, 80) AS head,
                   (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq
                        AND s.status = 'accepted') AS accepted,
                   (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq
                        AND s.status = 'suggested') AS suggested
            FROM documents d {tail}""", params)
    return [
        DocumentSummary(
            r["id"], r["seq"], DocumentStatus(r["status"]), r["length"],
            r["title"] or r["head"].split("\n", 1)[0].strip(), r["accepted"], r["suggested"],
        )
        for r in rows
    ]


def ids(db: Database, status: DocumentStatus | str | None = None) -> list[str]:
    """Every document id in import order (for moving from one document to the next)."""
    if status is None:
        return [r[0] for r in db.rows("SELECT id FROM documents ORDER BY seq")]
    return [r[0] for r in db.rows("SELECT id FROM documents WHERE status = ? ORDER BY seq",
                                  (str(status),))]


def get(db: Database, doc_id: str) -> Document:
    found = row(db, doc_id)
    return Document(id=found["id"], text=found["text"], meta=json.loads(found["meta"]),
                    status=found["status"])


def texts(db: Database) -> Iterator[tuple[str, str]]:
    """(doc_id, text) of every document, streamed in import order."""
    for found in db.stream("SELECT id, text FROM documents ORDER BY seq"):
        yield found[0], found[1]


def tokens(db: Database, doc_id: str) -> list[Token]:
    return _tokens(row(db, doc_id)["text"])


def sentences(db: Database, doc_id: str) -> list[Sentence]:
    return split_sentences(row(db, doc_id)["text"])


def set_status(change: Recorder, doc_id: str, status: DocumentStatus | str) -> DocumentStatus:
    status = as_enum(DocumentStatus, status, "document status")
    change.name = f"mark {doc_id} {status.value}"
    change.update("documents", {"seq": row(change.db, doc_id)["seq"]}, {"status": status.value})
    return status


def start(change: Recorder, seq: int) -> None:
    """A document's first accepted span puts it in progress (a side effect: undo puts it
    back to new only if no one else's span keeps it in progress)."""
    status = change.db.scalar("SELECT status FROM documents WHERE seq = ?", (seq,))
    if status == DocumentStatus.NEW.value:
        change.update("documents", {"seq": seq}, {"status": DocumentStatus.IN_PROGRESS.value},
                      soft=True)


@lru_cache(maxsize=32)
def _tokens(text: str) -> list[Token]:
    return tokenize(text)
