"""Bulk import of incoming documents into the store.

Streams: records are written in batches as they arrive, so memory stays flat however large
the input. Each batch is one transaction; a kill mid-import keeps every batch committed
before it, and re-running the import skips what is already there (by text hash).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from annotator.core.errors import AnnotatorError, InputProblem
from annotator.core.records import Incoming, document_id_from_hash
from annotator.store import labels as label_store
from annotator.store.history import Recorder

MAX_PROBLEMS_KEPT = 1000


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    spans_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    problem_count: int = 0
    strict: bool = False
    rolled_back: bool = False

    def add_problem(self, problem: InputProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)

    def as_dict(self) -> dict:
        return {
            "read": self.read, "imported": self.imported, "duplicates": self.duplicates,
            "skipped": self.skipped, "spans_added": self.spans_added,
            "labels_added": self.labels_added, "problem_count": self.problem_count,
            "problems": [
                {"source": p.source, "line": p.line, "problem": p.problem} for p in self.problems
            ],
            "strict": self.strict, "rolled_back": self.rolled_back,
        }


class _Batch:
    """Commits every `size` records (or never, until the end, when strict)."""

    def __init__(self, conn: sqlite3.Connection, size: int | None) -> None:
        self.conn, self.size, self.pending = conn, size, 0
        conn.execute("BEGIN IMMEDIATE")

    def tick(self) -> bool:
        self.pending += 1
        if self.size is not None and self.pending >= self.size:
            self.conn.execute("COMMIT")
            self.conn.execute("BEGIN IMMEDIATE")
            self.pending = 0
            return True
        return False

    def finish(self, keep: bool) -> None:
        self.conn.execute("COMMIT" if keep else "ROLLBACK")


def run(
    conn: sqlite3.Connection,
    items: Iterable[Incoming | InputProblem],
    *,
    annotator: str,
    strict: bool,
    add_labels: bool,
    spans_as: str | None,
    progress: Callable[[], None] | None,
    batch_size: int,
) -> ImportReport:
    report = ImportReport(strict=strict)
    writer = _Writer(conn, annotator, report, add_labels, spans_as)
    batch = _Batch(conn, None if strict else batch_size)
    try:
        for item in items:
            report.read += 1
            if isinstance(item, InputProblem):
                report.skipped += 1
                report.add_problem(item)
            else:
                try:
                    writer.write(item)
                except InputProblem as problem:
                    report.skipped += 1
                    report.add_problem(problem)
            if batch.tick() and progress:
                progress()
    except BaseException:
        batch.finish(keep=False)
        raise
    keep = not (strict and report.problem_count)
    batch.finish(keep)
    if not keep:
        report.rolled_back = True
        report.imported = report.duplicates = report.spans_added = 0
        report.labels_added = []
    if progress:
        progress()
    return report


class _Writer:
    def __init__(
        self, conn: sqlite3.Connection, annotator: str, report: ImportReport, add_labels: bool,
        spans_as: str | None,
    ) -> None:
        self.conn, self.annotator, self.report = conn, annotator, report
        self.add_labels, self.spans_as = add_labels, spans_as
        self.labels = set(label_store.load(conn).names())
        self.entities: dict[tuple[str, str], int] = {}
        self.at = datetime.now(UTC).isoformat(timespec="seconds")

    def write(self, doc: Incoming) -> None:
        self._check_labels(doc)
        digest = doc.text_hash
        doc_id = doc.id or document_id_from_hash(digest)
        cursor = self.conn.execute(
            "INSERT INTO documents (id, text, text_hash, meta, status, source, imported_at, "
            "imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (doc_id, doc.text, digest, json.dumps(doc.meta, ensure_ascii=False),
             doc.status or "new", doc.source, self.at, self.annotator),
        )
        if cursor.rowcount == 1:
            seq = cursor.lastrowid
            self.report.imported += 1
        else:
            seq = self._existing(doc, doc_id, digest)
            self.report.duplicates += 1
        if doc.spans:
            self._write_spans(doc, seq)

    def _existing(self, doc: Incoming, doc_id: str, digest: str) -> int:
        row = self.conn.execute(
            "SELECT seq, id FROM documents WHERE text_hash = ?", (digest,)
        ).fetchone()
        if row is not None:
            return row[0]
        other = self.conn.execute("SELECT source FROM documents WHERE id = ?", (doc_id,)).fetchone()
        raise InputProblem(
            doc.source, doc.line,
            f"id {doc_id!r} already names a different document"
            + (f" (imported from {other[0]})" if other and other[0] else ""),
        )

    def _check_labels(self, doc: Incoming) -> None:
        for span in doc.spans:
            if span.label in self.labels:
                continue
            if not self.add_labels:
                raise InputProblem(
                    doc.source, doc.line,
                    f"unknown label {span.label!r} (project labels: {', '.join(sorted(self.labels))};"
                    " add it with `annotator labels add` or import with --add-labels)",
                )
            # Not recorded in the history: an import is not an undoable action.
            try:
                label_store.add(Recorder(self.conn), span.label)
            except AnnotatorError as error:
                raise InputProblem(doc.source, doc.line, f"label {span.label!r}: {error}") from None
            self.labels.add(span.label)
            self.report.labels_added.append(span.label)

    def _write_spans(self, doc: Incoming, seq: int) -> None:
        added = 0
        for span in doc.spans:
            clash = self.conn.execute(
                "SELECT start_char, end_char FROM spans WHERE doc_seq = ? AND label = ? "
                "AND start_char < ? AND end_char > ? AND NOT (start_char = ? AND end_char = ?)",
                (seq, span.label, span.end, span.start, span.start, span.end),
            ).fetchone()
            if clash:
                self.report.add_problem(InputProblem(
                    doc.source, doc.line,
                    f"span [{span.start}, {span.end}) {span.label} overlaps the stored span "
                    f"[{clash[0]}, {clash[1]}) of the same label; that span was not added",
                ))
                continue
            entity_id = self._entity(span.entity, span.label) if span.entity else None
            cursor = self.conn.execute(
                "INSERT INTO spans (doc_seq, start_char, end_char, label, status, entity_id, "
                "annotator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (seq, span.start, span.end, span.label, self.spans_as or span.status, entity_id,
                 self.annotator,
                 self.at),
            )
            if cursor.rowcount == 1 and entity_id is not None:
                self.conn.execute(
                    "INSERT OR IGNORE INTO entity_forms VALUES (?, ?)",
                    (entity_id, doc.text[span.start:span.end]),
                )
            added += cursor.rowcount
        self.report.spans_added += added

    def _entity(self, canonical: str, label: str) -> int:
        key = (canonical, label)
        if key not in self.entities:
            row = self.conn.execute(
                "SELECT id FROM entities WHERE canonical = ? AND label IS ? ORDER BY id LIMIT 1",
                key,
            ).fetchone()
            if row is None:
                cursor = self.conn.execute(
                    "INSERT INTO entities (canonical, label, created_by, created_at) "
                    "VALUES (?, ?, ?, ?)", (canonical, label, self.annotator, self.at),
                )
                self.conn.execute(
                    "INSERT OR IGNORE INTO entity_forms VALUES (?, ?)", (cursor.lastrowid, canonical)
                )
                row = (cursor.lastrowid,)
            self.entities[key] = row[0]
        return self.entities[key]
