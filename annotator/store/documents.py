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
         search: str | None, label: str | None, entity: str | None, layer: str = "gold",
         queue: bool = False) -> list[DocumentSummary]:
    """A page of documents in import order, with their status and spans in `layer`.
    `search` matches the text or the id; `label` keeps documents with a span of that label;
    `entity` those with a span linked to the entity of that name or spelling; `queue`
    those assigned to the layer's annotator."""
    clauses, params = _in_layer(status, layer, queue)
    if search:
        clauses.append("(instr(d.text, ?) > 0 OR instr(d.id, ?) > 0)")
        params += [search, search]
    if label:
        clauses.append("EXISTS (SELECT 1 FROM spans s WHERE s.doc_seq = d.seq AND s.layer = ? "
                       "AND s.label = ?)")
        params += [layer, label]
    if entity:
        clauses.append(
            "EXISTS (SELECT 1 FROM spans s WHERE s.doc_seq = d.seq AND s.layer = ? "
            "AND s.entity_id IN (SELECT id FROM entities WHERE canonical = ? UNION "
            "SELECT entity_id FROM entity_forms WHERE form = ?))")
        params += [layer, entity, entity]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return _summaries(db, f"{where} ORDER BY d.seq LIMIT ? OFFSET ?", (*params, limit, offset),
                      layer)


def summary(db: Database, doc_id: str, layer: str = "gold") -> DocumentSummary:
    found = _summaries(db, "WHERE d.id = ?", (doc_id,), layer)
    if not found:
        raise NotFound(f"no document {doc_id!r}")
    return found[0]


# A document's status in a layer: its own for gold, its annotator's copy for theirs.
_STATUS = ("CASE WHEN ? = 'gold' THEN d.status ELSE coalesce((SELECT a.status FROM "
           "assignments a WHERE a.doc_seq = d.seq AND a.annotator = ?), 'new') END")


def _in_layer(status: DocumentStatus | str | None, layer: str, queue: bool
              ) -> tuple[list[str], list[object]]:
    """WHERE clauses and their parameters: documents with `status` in `layer`; with
    `queue`, only those assigned to the layer's annotator."""
    clauses: list[str] = []
    params: list[object] = []
    if status is not None:
        clauses.append(f"{_STATUS} = ?")
        params += [layer, layer, str(status)]
    if queue:
        clauses.append("EXISTS (SELECT 1 FROM assignments a WHERE a.doc_seq = d.seq "
                       "AND a.annotator = ?)")
        params.append(layer)
    return clauses, params


def _summaries(db: Database, tail: str, params: tuple, layer: str) -> list[DocumentSummary]:
    rows = db.rows(
        f"""SELECT d.seq, d.id, {_STATUS} AS status, length(d.text) AS length,
                   json_extract(d.meta, '$.title') AS title, substr(d.text, 1, 80) AS head,
                   (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq AND s.layer = ?
                        AND s.status = 'accepted') AS accepted,
                   (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq AND s.layer = ?
                        AND s.status = 'suggested') AS suggested
            FROM documents d {tail}""", (layer, layer, layer, layer, *params))
    return [
        DocumentSummary(
            r["id"], r["seq"], DocumentStatus(r["status"]), r["length"],
            r["title"] or r["head"].split("\n", 1)[0].strip(), r["accepted"], r["suggested"],
        )
        for r in rows
    ]


def ids(db: Database, status: DocumentStatus | str | None = None, layer: str = "gold",
        queue: bool = False) -> list[str]:
    """Document ids in import order (for moving from one document to the next): those with
    `status` in `layer`; with `queue`, those assigned to the layer's annotator."""
    clauses, params = _in_layer(status, layer, queue)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return [r[0] for r in db.rows(f"SELECT d.id FROM documents d {where} ORDER BY d.seq",
                                  tuple(params))]


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
    """The status of the layer the action works in: the document's own (gold), or, in an
    annotator's layer, that annotator's copy (their assignment)."""
    status = as_enum(DocumentStatus, status, "document status")
    seq = row(change.db, doc_id)["seq"]
    change.name = f"mark {doc_id} {status.value}"
    if change.layer == "gold":
        change.update("documents", {"seq": seq}, {"status": status.value})
    else:
        _assignment(change, seq)
        change.update("assignments", {"doc_seq": seq, "annotator": change.layer},
                      {"status": status.value})
    return status


def start(change: Recorder, seq: int, layer: str = "gold") -> None:
    """A layer's first accepted span puts its copy of the document in progress (a side
    effect: undo puts it back to new only if no other span keeps it in progress)."""
    if layer == "gold":
        status = change.db.scalar("SELECT status FROM documents WHERE seq = ?", (seq,))
        if status == DocumentStatus.NEW.value:
            change.update("documents", {"seq": seq},
                          {"status": DocumentStatus.IN_PROGRESS.value}, soft=True)
        return
    if _assignment(change, seq) == DocumentStatus.NEW.value:
        change.update("assignments", {"doc_seq": seq, "annotator": layer},
                      {"status": DocumentStatus.IN_PROGRESS.value}, soft=True)


def status_in(db: Database, doc_id: str, layer: str) -> DocumentStatus:
    """The document's status in a layer (gold: the document's own)."""
    found = row(db, doc_id)
    if layer == "gold":
        return DocumentStatus(found["status"])
    status = db.scalar("SELECT status FROM assignments WHERE doc_seq = ? AND annotator = ?",
                       (found["seq"], layer))
    return DocumentStatus(status or "new")


def _assignment(change: Recorder, seq: int) -> str:
    """The status of the action's annotator copy of the document; an annotator who works
    on a document not assigned to them takes it on (so their work counts)."""
    status = change.db.scalar("SELECT status FROM assignments WHERE doc_seq = ? "
                              "AND annotator = ?", (seq, change.layer))
    if status is None:
        # Not recorded for undo: undoing the work puts the document back to new in their
        # queue, where it stays, rather than out of the queue.
        change.db.insert("assignments", {"doc_seq": seq, "annotator": change.layer,
                                         "status": DocumentStatus.NEW.value,
                                         "assigned_at": change.at})
        return DocumentStatus.NEW.value
    return status


@lru_cache(maxsize=32)
def _tokens(text: str) -> list[Token]:
    return tokenize(text)
