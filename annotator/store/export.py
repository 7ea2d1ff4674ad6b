"""Reading a project out for export: documents with spans and entities, streamed in
chunks that other processes can also read on their own (a chunk names documents, not
their contents, so handing one to a worker costs nothing)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.batches import batches_by
from annotator.core.export_columns import ExportColumns, meta_text
from annotator.core.exported import ExportAnnotation, ExportDocument, ExportSpan
from annotator.core.token_offsets import TOKENIZER_VERSION, TokenOffsets
from annotator.store.backends.base import Database
from annotator.store.document_translations import of_documents

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
    layer: str = "gold"

    def load(self) -> list[ExportDocument]:
        return documents_at(self._reader(), self.seqs, suggested=self.suggested,
                            layer=self.layer)

    def columns(self) -> ExportColumns:
        return columns_at(self._reader(), self.seqs, suggested=self.suggested,
                          layer=self.layer)

    def _reader(self) -> Database:
        if self.target not in _READERS:
            from annotator.store.backends import open_database

            _READERS[self.target] = open_database(self.target, user=self.user)
        return _READERS[self.target]


class ExportSelection:
    """The documents an export takes: iterate for ExportDocuments in import order, or take
    `chunks()` to read them elsewhere (`StoredChunk.load`) or here (`load`)."""

    def __init__(self, db: Database, target: str, user: str, all_documents: bool,
                 suggested: bool, layer: str = "gold") -> None:
        self.db, self.target, self.user = db, target, user
        self.all_documents, self.suggested, self.layer = all_documents, suggested, layer

    def __iter__(self) -> Iterator[ExportDocument]:
        for chunk in self.chunks():
            yield from self.load(chunk)

    def ids(self) -> Iterator[str]:
        """The selected documents' ids, in import order, without reading their texts."""
        where, params = _selected(self.all_documents, self.layer)
        for (doc_id,) in self.db.stream(f"SELECT id FROM documents d {where} ORDER BY seq",
                                        params, CHUNK):
            yield doc_id

    def chunks_by(self, group_of: Callable[[str], str]) -> Iterator[tuple[str, StoredChunk]]:
        """Chunks whose documents share a group (`group_of(document id)`, such as its
        dataset split), each group's documents in import order: (group, chunk)."""
        where, params = _selected(self.all_documents, self.layer)
        rows = self.db.stream(f"SELECT seq, id FROM documents d {where} ORDER BY seq", params,
                              CHUNK)
        for group, batch in batches_by(rows, lambda row: group_of(row[1]), CHUNK):
            yield group, StoredChunk(self.target, self.user, tuple(row[0] for row in batch),
                                     self.suggested, self.layer)

    def chunks(self) -> Iterator[StoredChunk]:
        """Chunks of the documents in import order. (Reads only their sequence numbers: on
        a damaged file the count check in confirm_complete then names what went missing.)"""
        where, params = _selected(self.all_documents, self.layer)
        rows = self.db.stream(f"SELECT seq FROM documents d {where} ORDER BY seq", params,
                              CHUNK)
        for _, batch in batches_by(rows, lambda _: "", CHUNK):
            yield StoredChunk(self.target, self.user, tuple(row[0] for row in batch),
                              self.suggested, self.layer)

    def load(self, chunk: StoredChunk) -> list[ExportDocument]:
        return documents_at(self.db, chunk.seqs, suggested=chunk.suggested, layer=chunk.layer)

    def columns(self, chunk: StoredChunk) -> ExportColumns:
        return columns_at(self.db, chunk.seqs, suggested=chunk.suggested, layer=chunk.layer)


def count(db: Database, *, all_documents: bool = False, layer: str = "gold") -> int:
    where, params = _selected(all_documents, layer)
    return db.scalar(f"SELECT count(*) FROM documents d {where}", params)


def _selected(all_documents: bool, layer: str) -> tuple[str, tuple]:
    """Documents done in the layer: adjudicated (gold), or finished by its annotator."""
    if all_documents:
        return "", ()
    if layer == "gold":
        return "WHERE d.status = 'done'", ()
    return ("WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.doc_seq = d.seq "
            "AND a.annotator = ? AND a.status = 'done')", (layer,))


def _document_rows(db: Database, seqs: Sequence[int], layer: str) -> list[Any]:
    """(seq, id, text, meta, status in the layer, kept tokens, kept sentences) by seq."""
    marks = ", ".join("?" * len(seqs))
    return db.tuples(
        f"""SELECT seq, id, text, meta, CASE WHEN ? = 'gold' THEN status ELSE coalesce(
                   (SELECT a.status FROM assignments a WHERE a.doc_seq = d.seq
                    AND a.annotator = ?), 'new') END, t.tokens, t.sentences
            FROM documents d LEFT JOIN document_tokens t ON t.doc_seq = d.seq
                 AND t.version = ?
            WHERE seq IN ({marks}) ORDER BY seq""",
        [layer, layer, TOKENIZER_VERSION, *seqs])


def _aliases_of(db: Database, seqs: Sequence[int]) -> dict[int, list[str]]:
    marks = ", ".join("?" * len(seqs))
    aliases: dict[int, list[str]] = {}
    for seq, alias in db.rows(f"SELECT doc_seq, alias FROM document_aliases WHERE doc_seq IN "
                              f"({marks}) ORDER BY doc_seq, alias", list(seqs)):
        aliases.setdefault(seq, []).append(alias)
    return aliases


def columns_at(db: Database, seqs: Sequence[int], *, suggested: bool = False,
               layer: str = "gold") -> ExportColumns:
    """What `documents_at` gives, as columns (the dataset export's reading)."""
    rows = _document_rows(db, seqs, layer)
    translated = of_documents(db, list(seqs))
    aliases = _aliases_of(db, seqs)
    columns = ExportColumns(
        [row[1] for row in rows], [row[2] for row in rows],
        [meta_text(row[3]) for row in rows], [row[4] for row in rows],
        [aliases.get(row[0], []) for row in rows],
        [{lang: t._replace(doc_id=row[1]) for lang, t in translated.get(row[0], {}).items()}
         for row in rows],
        [None if row[5] is None else TokenOffsets(bytes(row[5]), bytes(row[6]))
         for row in rows])
    spans = _span_rows(db, seqs, suggested, layer)
    per_document = Counter(span[0] for span in spans)
    columns.span_counts = [per_document.get(row[0], 0) for row in rows]
    if spans:
        _, starts, ends, labels, span_statuses, entities = zip(*spans, strict=True)
        columns.span_starts, columns.span_ends = list(starts), list(ends)
        columns.span_labels, columns.span_statuses = list(labels), list(span_statuses)
        columns.span_entities = list(entities)
        columns.span_canonicals = _canonicals(db, columns.span_entities)
    return columns


def _canonicals(db: Database, entities: list[int | None]) -> list[str | None]:
    named = sorted({entity for entity in entities if entity is not None})
    canonical: dict[int | None, str] = {}
    for start in range(0, len(named), 500):
        part = named[start:start + 500]
        canonical.update(db.rows(f"SELECT id, canonical FROM entities WHERE id IN "
                                 f"({', '.join('?' * len(part))})", part))
    return [canonical.get(entity) for entity in entities]


def documents_at(db: Database, seqs: Sequence[int], *, suggested: bool = False,
                 layer: str = "gold") -> list[ExportDocument]:
    """The documents with these sequence numbers, in that order, with their accepted spans
    in `layer` (and suggested ones too when `suggested`) and their status there."""
    rows = _document_rows(db, seqs, layer)
    spans = _spans_of(db, seqs, suggested, layer)
    translated = of_documents(db, list(seqs))
    aliases = _aliases_of(db, seqs)
    return [
        ExportDocument(doc_id, text, json.loads(meta), status, [
            ExportSpan(start, end, label, text[start:end], span_status, entity_id, canonical)
            for start, end, label, span_status, entity_id, canonical in spans.get(seq, [])
        ], {lang: t._replace(doc_id=doc_id) for lang, t in translated.get(seq, {}).items()},
            aliases.get(seq, []),
            None if tokens is None else TokenOffsets(bytes(tokens), bytes(sentences)))
        for seq, doc_id, text, meta, status, tokens, sentences in rows]


def _span_rows(db: Database, seqs: Sequence[int], suggested: bool, layer: str
               ) -> list[tuple]:
    """(seq, start, end, label, status, entity id) of the documents' spans in `layer`:
    accepted ones, and suggested ones too when `suggested`; by document, then position."""
    statuses = ("accepted", "suggested") if suggested else ("accepted",)
    marks = ", ".join("?" * len(seqs))
    return db.tuples(
        f"""SELECT s.doc_seq, s.start_char, s.end_char, s.label, s.status, s.entity_id
            FROM spans s WHERE s.doc_seq IN ({marks}) AND s.layer = ?
                 AND s.status IN ({', '.join('?' * len(statuses))})
            ORDER BY s.doc_seq, s.start_char, s.end_char, s.label""",
        (*seqs, layer, *statuses))


def _spans_of(db: Database, seqs: Sequence[int], suggested: bool, layer: str
              ) -> dict[int, list[tuple]]:
    """`_span_rows` by document, each with its entity's canonical form last."""
    rows = _span_rows(db, seqs, suggested, layer)
    canonicals = _canonicals(db, [row[5] for row in rows])
    found: dict[int, list[tuple]] = {}
    for (seq, *span), canonical in zip(rows, canonicals, strict=True):
        found.setdefault(seq, []).append((*span, canonical))
    return found


def annotator_layers(db: Database, *, all_documents: bool = False) -> Iterator[ExportAnnotation]:
    """Every annotator's own layer, one document at a time, in import order: the documents
    they finished (all they were assigned with `all_documents`)."""
    where = "" if all_documents else "WHERE a.status = 'done'"
    pending: list[tuple[int, str, str, str, str]] = []
    for row in db.stream(f"""SELECT a.doc_seq, a.annotator, a.status, d.id, d.text
                             FROM assignments a JOIN documents d ON d.seq = a.doc_seq {where}
                             ORDER BY a.doc_seq, a.annotator""", (), CHUNK):
        pending.append(tuple(row))  # type: ignore[arg-type]
        if len(pending) >= CHUNK:
            yield from _annotations_of(db, pending)
            pending = []
    if pending:
        yield from _annotations_of(db, pending)


def _annotations_of(db: Database, rows: list[tuple[int, str, str, str, str]]
                    ) -> Iterator[ExportAnnotation]:
    seqs = sorted({row[0] for row in rows})
    marks = ", ".join("?" * len(seqs))
    found: dict[tuple[int, str], list[tuple]] = {}
    for seq, layer, *span in db.rows(
            f"""SELECT s.doc_seq, s.layer, s.start_char, s.end_char, s.label, s.status,
                       s.entity_id, e.canonical
                FROM spans s LEFT JOIN entities e ON e.id = s.entity_id
                WHERE s.doc_seq IN ({marks}) AND s.layer <> 'gold' AND s.status = 'accepted'
                ORDER BY s.doc_seq, s.start_char, s.end_char, s.label""", seqs):
        found.setdefault((seq, layer), []).append(tuple(span))
    for seq, annotator, status, doc_id, text in rows:
        yield ExportAnnotation(doc_id, annotator, status, [
            ExportSpan(start, end, label, text[start:end], span_status, entity_id, canonical)
            for start, end, label, span_status, entity_id, canonical
            in found.get((seq, annotator), [])])
