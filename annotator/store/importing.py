"""Bulk import of incoming documents into the store.

Streams: records are gathered in batches and written with one `executemany` per batch, so
memory stays flat however large the input. Each batch is one transaction (with --strict,
the whole import is one, rolled back at any problem). A kill mid-import keeps every batch
committed before it, and re-running the import skips what is already there (by text hash).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from annotator.core.errors import AnnotatorError, InputProblem
from annotator.core.records import (
    Incoming,
    IncomingEntity,
    IncomingSpan,
    document_id_from_hash,
)
from annotator.store import document_tokens
from annotator.store import labels as label_store
from annotator.store.backends.base import Database
from annotator.store.history import Recorder

MAX_PROBLEMS_KEPT = 1000
_SQL_VARIABLES = 900  # below SQLite's limit on bound parameters in older builds


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    updated: int = 0  # known documents whose status or metadata changed (--update)
    # Ids merged into a document with the same text: (the record's id, the document's id).
    aliases: list[tuple[str, str]] = field(default_factory=list)
    alias_count: int = 0
    kept_duplicates: int = 0  # same text, other id, imported as its own document
    entities_read: int = 0  # entity rows (an annotator export's variants)
    forms_added: int = 0  # spellings and Cyrillic forms those rows added
    spans_added: int = 0
    translations_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    problem_count: int = 0
    strict: bool = False
    rolled_back: bool = False

    def add_alias(self, alias: str, doc_id: str) -> None:
        self.alias_count += 1
        if len(self.aliases) < MAX_PROBLEMS_KEPT:
            self.aliases.append((alias, doc_id))

    def add_problem(self, problem: InputProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)

    def as_dict(self) -> dict:
        return {
            "read": self.read, "imported": self.imported, "duplicates": self.duplicates,
            "skipped": self.skipped, "updated": self.updated,
            "aliases": [{"id": alias, "merged_into": doc_id} for alias, doc_id in self.aliases],
            "alias_count": self.alias_count, "kept_duplicates": self.kept_duplicates,
            "entities_read": self.entities_read, "forms_added": self.forms_added,
            "spans_added": self.spans_added,
            "translations_added": self.translations_added,
            "labels_added": self.labels_added, "problem_count": self.problem_count,
            "problems": [
                {"source": p.source, "line": p.line, "problem": p.problem} for p in self.problems
            ],
            "strict": self.strict, "rolled_back": self.rolled_back,
        }


def run(
    db: Database,
    sources: Sequence[tuple[str, Iterable[Incoming | IncomingEntity | InputProblem]]],
    *,
    annotator: str,
    strict: bool,
    add_labels: bool,
    spans_as: str | None,
    progress: Callable[[int], None] | None,
    batch_size: int,
    layer: str = "gold",
    update: bool = False,
    keep_duplicates: bool = False,
    tokenize_beside: bool = False,
) -> list[ImportReport]:
    """Import each (name, records) source in turn; one report per source. `progress` is
    called with the index of the source being read, after each batch. With `strict`, all
    sources are one transaction, rolled back if any of them has a problem."""
    reports = [ImportReport(strict=strict) for _ in sources]
    offsets = document_tokens.BesideImport(db, tokenize_beside)
    with db.bulk():
        db.begin()
        try:
            for index, ((name, items), report) in enumerate(zip(sources, reports, strict=True)):
                writer = _Writer(db, annotator, report, add_labels, spans_as, layer, update,
                                 keep_duplicates, offsets=offsets)
                tick = (lambda i=index: progress(i)) if progress else None
                _write_in_batches(db, name, items, writer, strict, tick, batch_size)
                if tick:
                    tick()
            offsets.finish()
        except BaseException:
            offsets.close()
            db.rollback()  # an interrupt may land between COMMIT and BEGIN: then a no-op
            raise
        failed = strict and any(report.problem_count for report in reports)
        if failed:
            db.rollback()
        else:
            db.commit()
    if failed:
        for report in reports:
            report.rolled_back = True
            report.imported = report.duplicates = report.spans_added = 0
            report.updated = report.alias_count = report.kept_duplicates = 0
            report.aliases = []
            report.translations_added = 0
            report.labels_added = []
    return reports


def _write_in_batches(
    db: Database, name: str, items: Iterable[Incoming | IncomingEntity | InputProblem],
    writer: _Writer, strict: bool, progress: Callable[[], None] | None, batch_size: int,
) -> None:
    """Runs inside the caller's open transaction; commits (and begins again) between
    batches unless `strict`. A source that fails to read on (an OS error) is a problem of
    that source: what was read before it is written, and the import goes on."""
    report = writer.report
    name = name or getattr(items, "name", "") or "input"
    pending: list[Incoming | IncomingEntity | InputProblem] = []
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except OSError as error:
            pending.append(InputProblem(name, None, f"cannot read further: {_reason(error)}"))
            report.read += 1
            break
        report.read += 1
        pending.append(item)
        if len(pending) >= batch_size:
            writer.flush(pending)
            pending.clear()
            if not strict:
                db.commit()
                db.begin()
            if progress:
                progress()
    writer.flush(pending)


def _reason(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


class _Writer:
    """Writes batches on the caller's open transaction, which holds the write lock."""

    def __init__(
        self, db: Database, annotator: str, report: ImportReport, add_labels: bool,
        spans_as: str | None, layer: str = "gold", update: bool = False,
        keep_duplicates: bool = False, *, offsets: document_tokens.BesideImport,
    ) -> None:
        self.db, self.annotator, self.report, self.layer = db, annotator, report, layer
        self.offsets = offsets
        self.add_labels, self.spans_as = add_labels, spans_as
        self.update, self.keep_duplicates = update, keep_duplicates
        self.labels = set(label_store.load(db).names())
        self.entities: dict[tuple[str, str], int] = {}
        self.keyed: dict[int, int] = {}  # the source's entity ids -> ours
        self.created: set[int] = set()  # entities this import made
        self.at = datetime.now(UTC).isoformat(timespec="seconds")

    def flush(self, items: Sequence[Incoming | IncomingEntity | InputProblem]) -> None:
        entity_rows = [item for item in items if isinstance(item, IncomingEntity)]
        self._flush_documents([item for item in items if not isinstance(item, IncomingEntity)])
        for row in entity_rows:
            try:
                self._apply_entity(row)
            except InputProblem as problem:
                self.report.skipped += 1
                self.report.add_problem(problem)

    def _flush_documents(self, items: Sequence[Incoming | InputProblem]) -> None:
        documents = [item for item in items if isinstance(item, Incoming)]
        stored_seq: dict[bytes, int] = {}  # text hash -> document
        seq_ids: dict[int, str] = {}
        for digest, seq, doc_id in self._rows(
                "SELECT text_hash, seq, id FROM documents WHERE text_hash IN",
                [d.digest for d in documents if _hashable(d)]):
            stored_seq[bytes(digest)], seq_ids[seq] = seq, doc_id
        named = [d.id for d in documents if d.id and "\x00" not in d.id]
        stored_ids: dict[str, int] = {}
        stored_hashes: dict[str, bytes] = {}
        for doc_id, seq, digest in self._rows(
                "SELECT id, seq, text_hash FROM documents WHERE id IN", named):
            stored_ids[doc_id], stored_hashes[doc_id] = seq, bytes(digest)
        aliases = dict(self._rows("SELECT alias, doc_seq FROM document_aliases WHERE alias IN",
                                  named))
        next_seq = self.db.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM documents").fetchone()[0]
        new_rows: list[tuple[Any, ...]] = []
        new_spans: list[tuple[Incoming, int]] = []
        merged_spans: list[tuple[Incoming, int]] = []
        new_aliases: list[tuple[str, int, str, str]] = []
        updates: list[tuple[Incoming, int]] = []
        batch_sources: dict[str, str] = {}
        for item in items:
            try:
                if isinstance(item, InputProblem):
                    raise item
                _refuse_nul(item)
                self._check_labels(item)
                digest = _digest(item)
                doc_id = item.id or document_id_from_hash(digest)
                stored_hash = digest
                if digest in stored_seq:
                    seq = stored_seq[digest]
                    other_id = item.id is not None and item.id != seq_ids[seq]
                    if other_id and doc_id in stored_ids:
                        if stored_hashes[doc_id] != _kept_hash(digest, doc_id):
                            raise InputProblem(
                                item.source, item.line,
                                f"id {doc_id!r} already names a different document, and "
                                f"this text is document {seq_ids[seq]!r}")
                        seq = stored_ids[doc_id]  # kept as its own document before
                    elif other_id and doc_id not in aliases and self.keep_duplicates:
                        stored_hash = _kept_hash(digest, doc_id)
                        self.report.kept_duplicates += 1
                    elif other_id and doc_id not in aliases:
                        aliases[doc_id] = seq
                        new_aliases.append((doc_id, seq, item.source, self.at))
                        self.report.add_alias(doc_id, seq_ids[seq])
                    if stored_hash == digest:
                        self.report.duplicates += 1
                        merged_spans.append((item, seq))
                        if self.update:
                            updates.append((item, seq))
                        continue
                elif doc_id in stored_ids or doc_id in aliases:
                    seq = stored_ids.get(doc_id) or aliases[doc_id]
                    origin = batch_sources.get(doc_id) or self._origin(seq)
                    what = "a different document" if doc_id in stored_ids else (
                        "a different document (as another id of it: the same text was merged "
                        "into it at an earlier import)")
                    raise InputProblem(item.source, item.line,
                                       f"id {doc_id!r} already names {what}"
                                       + (f" (imported from {origin})" if origin else ""))
                new_rows.append((next_seq, doc_id, item.text, stored_hash,
                                 _encode_meta(item.meta),
                                 item.status or "new", item.source, self.at, self.annotator))
                new_spans.append((item, next_seq))
                if stored_hash == digest:
                    stored_seq[digest] = next_seq
                seq_ids[next_seq], stored_ids[doc_id] = doc_id, next_seq
                stored_hashes[doc_id] = stored_hash
                batch_sources[doc_id] = item.source
                next_seq += 1
                self.report.imported += 1
            except InputProblem as problem:
                self.report.skipped += 1
                self.report.add_problem(problem)
        self.db.executemany(
            "INSERT INTO documents (seq, id, text, text_hash, meta, status, source, imported_at, "
            "imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new_rows,
        )
        self.offsets.add([(row[0], row[2]) for row in new_rows])
        self.db.executemany("INSERT INTO document_aliases VALUES (?, ?, ?, ?)", new_aliases)
        self._insert_aliases_of(new_spans)
        self._insert_new_spans(new_spans)
        for document, seq in merged_spans:
            self._merge_spans(document, seq)
        self._insert_translations(new_spans + merged_spans)
        for document, seq in updates:
            self._update(document, seq)

    def _update(self, item: Incoming, seq: int) -> None:
        """--update: a known document takes the record's status and metadata (those it
        gives); in an annotator's layer the status is theirs."""
        status, meta = self.db.execute(
            "SELECT status, meta FROM documents WHERE seq = ?", (seq,)).fetchone()
        changed = False
        if item.meta and json.loads(meta) != item.meta:
            self.db.execute("UPDATE documents SET meta = ? WHERE seq = ?",
                            (_encode_meta(item.meta), seq))
            changed = True
        if item.status and self.layer == "gold" and item.status != status:
            self.db.execute("UPDATE documents SET status = ? WHERE seq = ?", (item.status, seq))
            changed = True
        elif item.status and self.layer != "gold":
            changed |= self.db.execute(
                "INSERT INTO assignments (doc_seq, annotator, status, assigned_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (doc_seq, annotator) DO UPDATE SET "
                "status = excluded.status WHERE assignments.status <> excluded.status",
                (seq, self.layer, item.status, self.at)).rowcount > 0
        self.report.updated += changed

    def _insert_aliases_of(self, documents: list[tuple[Incoming, int]]) -> None:
        """Other ids a record brings along (an export of a project that merged them)."""
        rows = [(alias, seq, document.source, self.at)
                for document, seq in documents for alias in document.aliases]
        if rows:
            self.db.executemany(
                "INSERT INTO document_aliases VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)

    def _insert_translations(self, documents: list[tuple[Incoming, int]]) -> None:
        # A document already translated into a language keeps its stored translation.
        for document, seq in documents:
            for translation in document.translations:
                added = self.db.execute(
                    "INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (seq, translation.lang, translation.route, translation.packages,
                     translation.engine, translation.translated_at or self.at)).rowcount
                if not added:
                    continue
                self.db.executemany(
                    "INSERT INTO translation_sentences VALUES (?, ?, ?, ?, ?, ?)",
                    [(seq, translation.lang, position, s.start, s.end, s.text)
                     for position, s in enumerate(translation.sentences)])
                self.report.translations_added += 1

    def _rows(self, select: str, keys: list[Any]) -> list[tuple]:
        found: list[tuple] = []
        for i in range(0, len(keys), _SQL_VARIABLES):
            chunk = keys[i:i + _SQL_VARIABLES]
            found += self.db.execute(f"{select} ({', '.join('?' * len(chunk))})", chunk)
        return found

    def _origin(self, seq: int) -> str | None:
        row = self.db.execute("SELECT source FROM documents WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def _check_labels(self, doc: Incoming) -> None:
        for span in doc.spans:
            self._require_label(span.label, doc.source, doc.line)

    def _require_label(self, label: str, source: str, line: int | None) -> None:
        """A label of the project, created here with --add-labels, else a problem."""
        if label in self.labels:
            return
        if not self.add_labels:
            raise InputProblem(
                source, line,
                f"unknown label {label!r} (project labels: "
                f"{', '.join(sorted(self.labels))}; add it with `annotator labels add` "
                "or import with --add-labels)",
            )
        # Not recorded in the history: an import is not an undoable action.
        try:
            label_store.add(Recorder(self.db, self.annotator), label)
        except AnnotatorError as error:
            raise InputProblem(source, line, f"label {label!r}: {error}") from None
        self.labels.add(label)
        self.report.labels_added.append(label)

    def _insert_new_spans(self, documents: list[tuple[Incoming, int]]) -> None:
        # A new document has no stored spans, and its own were checked for overlaps already.
        rows = [
            (seq, s.start, s.end, s.label, self.spans_as or s.status, self._entity(s),
             self.annotator, self.at, self.layer)
            for document, seq in documents for s in document.spans
        ]
        if not rows:
            return
        self.db.executemany(
            "INSERT INTO spans (doc_seq, start_char, end_char, label, status, entity_id, "
            "annotator, created_at, layer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
        )
        self.report.spans_added += len(rows)
        self.db.executemany(
            "INSERT INTO entity_forms VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(self._entity(s), document.text[s.start:s.end])
             for document, _ in documents for s in document.spans if s.entity],
        )

    def _merge_spans(self, doc: Incoming, seq: int) -> None:
        for span in doc.spans:
            clash = self.db.execute(
                "SELECT start_char, end_char FROM spans WHERE doc_seq = ? AND layer = ? "
                "AND label = ? AND start_char < ? AND end_char > ? "
                "AND NOT (start_char = ? AND end_char = ?)",
                (seq, self.layer, span.label, span.end, span.start, span.start, span.end),
            ).fetchone()
            if clash:
                self.report.add_problem(InputProblem(
                    doc.source, doc.line,
                    f"span [{span.start}, {span.end}) {span.label} overlaps the stored span "
                    f"[{clash[0]}, {clash[1]}) of the same label; that span was not added",
                ))
                continue
            entity_id = self._entity(span)
            cursor = self.db.execute(
                "INSERT INTO spans (doc_seq, start_char, end_char, label, status, entity_id, "
                "annotator, created_at, layer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (seq, span.start, span.end, span.label, self.spans_as or span.status, entity_id,
                 self.annotator, self.at, self.layer),
            )
            if cursor.rowcount == 1 and entity_id is not None:
                self.db.execute("INSERT INTO entity_forms VALUES (?, ?) ON CONFLICT DO NOTHING",
                                  (entity_id, doc.text[span.start:span.end]))
            self.report.spans_added += cursor.rowcount

    def _apply_entity(self, row: IncomingEntity) -> None:
        """An entity row of an export: the entity its spans made (by the source's id), else
        one of that canonical form and type, else a new one; it gains the row's spellings,
        Cyrillic forms and note. An entity this import made takes the row's type too."""
        self.report.entities_read += 1
        if row.label is not None:
            self._require_label(row.label, row.source, row.line)
        entity_id = self.keyed.get(row.key) if row.key is not None else None
        if entity_id is None:
            entity_id = self._stored_entity(row.canonical, row.label)
        if entity_id is None:
            entity_id = self._new_entity(row.canonical, row.label)
        if row.key is not None:
            self.keyed[row.key] = entity_id
        if entity_id in self.created:
            self.db.execute("UPDATE entities SET label = ? WHERE id = ?", (row.label, entity_id))
        if row.note:
            self.db.execute("UPDATE entities SET note = ? WHERE id = ? AND note IS NULL",
                            (row.note, entity_id))
        for form in row.forms:
            self.report.forms_added += self.db.execute(
                "INSERT INTO entity_forms VALUES (?, ?) ON CONFLICT DO NOTHING",
                (entity_id, form)).rowcount
        for lang, forms in row.cyrillic.items():
            for form in forms:
                self.report.forms_added += self.db.execute(
                    "INSERT INTO entity_cyrillic VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (entity_id, lang, form)).rowcount

    def _new_entity(self, canonical: str, label: str | None) -> int:
        found = self.db.insert("entities", {
            "canonical": canonical, "label": label, "created_by": self.annotator,
            "created_at": self.at}, returning="id")
        self.db.execute("INSERT INTO entity_forms VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (found, canonical))
        self.created.add(found)
        return found

    def _stored_entity(self, canonical: str, label: str | None) -> int | None:
        """An entity of the project before this import with that canonical form and type."""
        for (found,) in self.db.execute(
                "SELECT id FROM entities WHERE canonical = ? AND coalesce(label, '') = "
                "coalesce(?, '') ORDER BY id", (canonical, label)):
            if found not in self.created:
                return found
        return None

    def _entity(self, span: IncomingSpan) -> int | None:
        if not span.entity:
            return None
        if span.entity_key is not None:
            # The source says which entity: two of the same name stay two.
            if span.entity_key not in self.keyed:
                self.keyed[span.entity_key] = self._stored_entity(span.entity, span.label) \
                    or self._new_entity(span.entity, span.label)
            return self.keyed[span.entity_key]
        key = (span.entity, span.label)
        if key not in self.entities:
            found = self.db.scalar(
                "SELECT id FROM entities WHERE canonical = ? AND label = ? ORDER BY id LIMIT 1",
                key)
            if found is None:
                found = self._new_entity(span.entity, span.label)
            self.entities[key] = found
        return self.entities[key]


def _refuse_nul(document: Incoming) -> None:
    """A NUL character is no text a person annotates, and a server store cannot keep one."""
    fields = [("the text", document.text), ("the id", document.id or "")]
    fields += [("an entity name", span.entity or "") for span in document.spans]
    fields += [(f"the {t.lang} translation", "".join([t.route, t.packages, t.engine,
                                                      *(s.text for s in t.sentences)]))
               for t in document.translations]
    for what, value in fields:
        if "\x00" in value:
            raise InputProblem(document.source, document.line,
                               f"{what} holds a NUL character (\\u0000)")


def _encode_meta(meta: dict[str, Any]) -> str:
    if not meta:
        return "{}"
    try:
        return orjson.dumps(meta).decode("utf-8")
    except TypeError:  # keys that are not strings, or integers beyond 64 bits
        return json.dumps(meta, ensure_ascii=False, default=str)


def _kept_hash(digest: bytes, doc_id: str) -> bytes:
    """The stored identity of a document kept beside another with the same text
    (--keep-duplicates): distinct, and the same on every re-import of the record."""
    return hashlib.sha256(b"kept duplicate\x00" + digest + doc_id.encode("utf-8")).digest()[:16]


def _hashable(document: Incoming) -> bool:
    try:
        document.text_hash()
    except UnicodeEncodeError:
        return False
    return True


def _digest(document: Incoming) -> bytes:
    try:
        return document.text_hash()
    except UnicodeEncodeError:
        raise InputProblem(
            document.source, document.line,
            "the text holds an unpaired UTF-16 surrogate (not valid Unicode)",
        ) from None
