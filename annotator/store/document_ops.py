"""Documents: listing (page by page), reading, tokens, sentences and status."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from annotator.core.errors import NotFound
from annotator.core.models import Document, DocumentStatus
from annotator.core.tokenize import Sentence, Token, split_sentences, tokenize
from annotator.store.base import ProjectBase, as_enum


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    seq: int
    status: DocumentStatus
    length: int
    title: str
    accepted: int
    suggested: int


class DocumentOps(ProjectBase):
    def document_count(self, status: DocumentStatus | str | None = None) -> int:
        if status is None:
            return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        return self._conn.execute(
            "SELECT count(*) FROM documents WHERE status = ?", (str(status),)
        ).fetchone()[0]

    def list_documents(
        self, *, offset: int = 0, limit: int = 100, status: DocumentStatus | str | None = None,
        search: str | None = None, label: str | None = None, entity: str | None = None,
    ) -> list[DocumentSummary]:
        """A page of documents in import order; lists in the UI fetch page by page.
        `search` matches the text or the id; `label` keeps documents with a span of that
        label; `entity` those with a span linked to the entity of that name or spelling."""
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
        return self._summaries(f"{where} ORDER BY d.seq LIMIT ? OFFSET ?",
                               (*params, limit, offset))

    def summary(self, doc_id: str) -> DocumentSummary:
        found = self._summaries("WHERE d.id = ?", (doc_id,))
        if not found:
            raise NotFound(f"no document {doc_id!r}")
        return found[0]

    def _summaries(self, tail: str, params: tuple) -> list[DocumentSummary]:
        rows = self._conn.execute(
            f"""SELECT d.seq, d.id, d.status, length(d.text) AS length,
                       json_extract(d.meta, '$.title') AS title, substr(d.text, 1, 80) AS head,
                       (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq
                            AND s.status = 'accepted') AS accepted,
                       (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq
                            AND s.status = 'suggested') AS suggested
                FROM documents d {tail}""", params,
        ).fetchall()
        return [
            DocumentSummary(
                r["id"], r["seq"], DocumentStatus(r["status"]), r["length"],
                r["title"] or r["head"].split("\n", 1)[0].strip(), r["accepted"], r["suggested"],
            )
            for r in rows
        ]

    def document_ids(self, status: DocumentStatus | str | None = None) -> list[str]:
        """Every document id in import order (for moving from one document to the next)."""
        if status is None:
            return [r[0] for r in self._conn.execute("SELECT id FROM documents ORDER BY seq")]
        return [r[0] for r in self._conn.execute(
            "SELECT id FROM documents WHERE status = ? ORDER BY seq", (str(status),))]

    def document(self, doc_id: str) -> Document:
        row = self._document_row(doc_id)
        return Document(
            id=row["id"], text=row["text"], meta=json.loads(row["meta"]), status=row["status"]
        )

    def tokens(self, doc_id: str) -> list[Token]:
        return _tokens(self._document_row(doc_id)["text"])

    def sentences(self, doc_id: str) -> list[Sentence]:
        return split_sentences(self._document_row(doc_id)["text"])

    def set_document_status(self, doc_id: str, status: DocumentStatus | str) -> DocumentStatus:
        status = as_enum(DocumentStatus, status, "document status")
        with self._action(f"mark {doc_id} {status.value}") as change:
            seq = self._document_row(doc_id)["seq"]
            change.update("documents", {"seq": seq}, {"status": status.value})
        return status


@lru_cache(maxsize=32)
def _tokens(text: str) -> list[Token]:
    return tokenize(text)
