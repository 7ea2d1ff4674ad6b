"""Reading what agreement is measured on: the documents that two or more annotators
finished, with each one's accepted spans in their own layer, streamed in chunks."""

from __future__ import annotations

from collections.abc import Iterator

from annotator.agreement import AnnotatedDocument, Mark
from annotator.core.tokenize import token_columns
from annotator.store.backends.base import Database

CHUNK = 500


def finished(db: Database, annotators: list[str] | None) -> dict[int, list[str]]:
    """doc_seq -> the annotators (of those asked about) who finished it, for documents
    two or more finished."""
    by_document: dict[int, list[str]] = {}
    for seq, name in db.rows("SELECT doc_seq, annotator FROM assignments WHERE status = 'done' "
                             "ORDER BY doc_seq, annotator"):
        if annotators is None or name in annotators:
            by_document.setdefault(seq, []).append(name)
    return {seq: names for seq, names in by_document.items() if len(names) >= 2}


def documents(db: Database, chosen: dict[int, list[str]], label: str | None = None
              ) -> Iterator[AnnotatedDocument]:
    seqs = sorted(chosen)
    for first in range(0, len(seqs), CHUNK):
        chunk = seqs[first:first + CHUNK]
        marks = ", ".join("?" * len(chunk))
        spans: dict[tuple[int, str], list[Mark]] = {}
        sql = (f"SELECT doc_seq, layer, start_char, end_char, label, entity_id FROM spans "
               f"WHERE doc_seq IN ({marks}) AND status = 'accepted' AND layer <> 'gold'")
        params: list[object] = list(chunk)
        if label is not None:
            sql += " AND label = ?"
            params.append(label)
        for seq, layer, start, end, span_label, entity in db.rows(sql, params):
            spans.setdefault((seq, layer), []).append(Mark(start, end, span_label, entity))
        for seq, doc_id, text in db.rows(
                f"SELECT seq, id, text FROM documents WHERE seq IN ({marks}) ORDER BY seq",
                chunk):
            _, starts, ends = token_columns(text)
            yield AnnotatedDocument(doc_id, starts, ends,
                                    {name: spans.get((seq, name), []) for name in chosen[seq]})
