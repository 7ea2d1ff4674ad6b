"""The Project facade: the one way the CLI, the TUI and scripts read and change a project.

Every change is its own transaction, committed before the method returns, and recorded in
the history for undo/redo under the annotator's name.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from annotator.core.errors import Conflict, InputProblem, InvalidValue, NotFound, ProjectError
from annotator.core.models import (
    DEFAULT_LABELS,
    Document,
    DocumentStatus,
    Entity,
    Label,
    LabelSet,
    Span,
    SpanStatus,
)
from annotator.core.records import Incoming
from annotator.core.tokenize import Sentence, Token, split_sentences, tokenize
from annotator.store import history, importing, labels
from annotator.store.database import connect, write
from annotator.store.history import HistoryEntry, Recorder
from annotator.store.migrations import migrate, schema_version
from annotator.store.stats import ProjectStats, project_stats

DEFAULT_PROJECT = "annotator.db"
PROJECT_ENV = "ANNOTATOR_PROJECT"
ANNOTATOR_ENV = "ANNOTATOR_NAME"


E = TypeVar("E", DocumentStatus, SpanStatus)


def default_project_path() -> Path:
    return Path(os.environ.get(PROJECT_ENV) or DEFAULT_PROJECT)


def default_annotator() -> str:
    name = os.environ.get(ANNOTATOR_ENV)
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user database entry, e.g. in some containers
        return "unknown"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    seq: int
    status: DocumentStatus
    length: int
    title: str
    accepted: int
    suggested: int


class Project:
    def __init__(self, path: Path, conn: sqlite3.Connection, annotator: str) -> None:
        self.path = path
        self.annotator = annotator
        self._conn = conn

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, *, labels: LabelSet | None = None, annotator: str | None = None
    ) -> Project:
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path} already exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        project = cls._connect(path, annotator)
        with write(project._conn) as conn:
            conn.execute(
                "INSERT INTO project_info VALUES ('created_at', ?), ('created_by', ?)",
                (now(), project.annotator),
            )
            for position, label in enumerate((labels or DEFAULT_LABELS).labels):
                conn.execute(
                    "INSERT INTO labels VALUES (?, ?, ?, ?)",
                    (label.name, label.key, label.color, position),
                )
        return project

    @classmethod
    def open(
        cls, path: str | Path, *, annotator: str | None = None, create: bool = False
    ) -> Project:
        path = Path(path)
        if not path.exists():
            if create:
                return cls.create(path, annotator=annotator)
            raise ProjectError(f"{path}: no such project (create one with `annotator init`)")
        return cls._connect(path, annotator)

    @classmethod
    def _connect(cls, path: Path, annotator: str | None) -> Project:
        try:
            conn = connect(path)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError as error:
            raise ProjectError(f"{path}: not an annotator project ({error})") from None
        if schema_version(conn) == 0 and _has_foreign_tables(conn):
            conn.close()
            raise ProjectError(f"{path}: an SQLite file, but not an annotator project")
        migrate(conn)
        return cls(path, conn, annotator or default_annotator())

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _action(self, name: str) -> Iterator[Recorder]:
        with write(self._conn) as conn:
            recorder = Recorder(conn)
            yield recorder
            recorder.save(self.annotator, now(), name)

    # -- labels ----------------------------------------------------------------------------

    def labels(self) -> LabelSet:
        return labels.load(self._conn)

    def add_label(self, name: str, *, key: str | None = None, color: str | None = None) -> Label:
        with self._action(f"add label {name}") as change:
            return labels.add(change, name, key=key, color=color)

    def update_label(
        self, name: str, *, new_name: str | None = None, key: str | None = None,
        color: str | None = None,
    ) -> Label:
        with self._action(f"edit label {name}") as change:
            return labels.update(change, name, new_name=new_name, key=key, color=color)

    def remove_label(self, name: str) -> None:
        with self._action(f"remove label {name}") as change:
            labels.remove(change, name)

    # -- documents -------------------------------------------------------------------------

    def document_count(self, status: DocumentStatus | str | None = None) -> int:
        if status is None:
            return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        return self._conn.execute(
            "SELECT count(*) FROM documents WHERE status = ?", (str(status),)
        ).fetchone()[0]

    def list_documents(
        self, *, offset: int = 0, limit: int = 100, status: DocumentStatus | str | None = None,
        search: str | None = None,
    ) -> list[DocumentSummary]:
        """A page of documents in import order; lists in the UI fetch page by page."""
        clauses, params = [], []
        if status is not None:
            clauses.append("d.status = ?")
            params.append(str(status))
        if search:
            clauses.append("(instr(d.text, ?) > 0 OR instr(d.id, ?) > 0)")
            params += [search, search]
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._conn.execute(
            f"""SELECT d.seq, d.id, d.status, length(d.text) AS length,
                       json_extract(d.meta, '$.title') AS title, substr(d.text, 1, 80) AS head,
                       (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq
                            AND s.status = 'accepted') AS accepted,
                       (SELECT count(*) FROM spans s WHERE s.doc_seq = d.seq
                            AND s.status = 'suggested') AS suggested
                FROM documents d {where} ORDER BY d.seq LIMIT ? OFFSET ?""",
            (*params, limit, offset),
        ).fetchall()
        return [
            DocumentSummary(
                r["id"], r["seq"], DocumentStatus(r["status"]), r["length"],
                r["title"] or r["head"].split("\n", 1)[0].strip(), r["accepted"], r["suggested"],
            )
            for r in rows
        ]

    def document(self, doc_id: str) -> Document:
        row = self._document_row(doc_id)
        return Document(
            id=row["id"], text=row["text"], meta=json.loads(row["meta"]), status=row["status"]
        )

    def tokens(self, doc_id: str) -> list[Token]:
        return _tokens(self._document_row(doc_id)["text"])

    def sentences(self, doc_id: str) -> list[Sentence]:
        return split_sentences(self._document_row(doc_id)["text"])

    def set_document_status(self, doc_id: str, status: DocumentStatus | str) -> None:
        status = _enum(DocumentStatus, status, "document status")
        seq = self._document_row(doc_id)["seq"]
        with self._action(f"mark {doc_id} {status.value}") as change:
            change.update("documents", {"seq": seq}, {"status": status.value})

    def _document_row(self, doc_id: str) -> sqlite3.Row:
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id!r}")
        return row

    # -- spans -----------------------------------------------------------------------------

    def spans(self, doc_id: str, status: SpanStatus | str | None = None) -> list[Span]:
        seq = self._document_row(doc_id)["seq"]
        sql = "SELECT * FROM spans WHERE doc_seq = ?"
        params: tuple[Any, ...] = (seq,)
        if status is not None:
            sql += " AND status = ?"
            params += (str(status),)
        rows = self._conn.execute(sql + " ORDER BY start_char, end_char, label", params)
        return [_span(row, doc_id) for row in rows]

    def span(self, span_id: int) -> Span:
        row = self._conn.execute(
            "SELECT s.*, d.id AS doc_id FROM spans s JOIN documents d ON d.seq = s.doc_seq "
            "WHERE s.id = ?", (span_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no span {span_id}")
        return _span(row, row["doc_id"])

    def add_span(
        self, doc_id: str, start: int, end: int, label: str, *,
        status: SpanStatus | str = SpanStatus.ACCEPTED, entity_id: int | None = None,
    ) -> Span:
        """Same-label spans may not overlap; spans of different labels may nest or overlap."""
        document = self._document_row(doc_id)
        status = _enum(SpanStatus, status, "span status")
        if not 0 <= start < end <= len(document["text"]):
            raise InvalidValue(
                f"span [{start}, {end}) is not inside the document (length {len(document['text'])})"
            )
        self._require_label(label)
        self._refuse_overlap(document["seq"], start, end, label)
        surface = document["text"][start:end]
        with self._action(f"tag {surface!r} {label}") as change:
            span_id = change.insert("spans", {
                "doc_seq": document["seq"], "start_char": start, "end_char": end, "label": label,
                "status": status.value, "annotator": self.annotator, "created_at": now(),
            })
            if entity_id is not None:
                self._link(change, span_id, entity_id, surface)
            self._start_document(change, document)
        return self.span(span_id)

    def remove_span(self, span_id: int) -> None:
        span = self.span(span_id)
        with self._action(f"remove span {span.label} [{span.start}, {span.end})") as change:
            change.delete("spans", {"id": span_id})

    def relabel_span(self, span_id: int, label: str) -> Span:
        span = self.span(span_id)
        self._require_label(label)
        seq = self._document_row(span.doc_id)["seq"]
        self._refuse_overlap(seq, span.start, span.end, label, ignore=span_id)
        with self._action(f"relabel span {span.label} -> {label}") as change:
            change.update("spans", {"id": span_id}, {"label": label})
        return self.span(span_id)

    def accept_span(self, span_id: int) -> Span:
        with self._action("accept suggestion") as change:
            change.update("spans", {"id": span_id}, {
                "status": SpanStatus.ACCEPTED.value, "annotator": self.annotator,
            })
        return self.span(span_id)

    def link_span(self, span_id: int, entity_id: int | None) -> Span:
        """Link a span to an entity (its surface form joins the entity's forms), or unlink."""
        span = self.span(span_id)
        text = self._document_row(span.doc_id)["text"]
        with self._action("link span" if entity_id is not None else "unlink span") as change:
            if entity_id is None:
                change.update("spans", {"id": span_id}, {"entity_id": None})
            else:
                self._link(change, span_id, entity_id, text[span.start:span.end])
        return self.span(span_id)

    def _link(self, change: Recorder, span_id: int, entity_id: int, surface: str) -> None:
        self.entity(entity_id)
        change.update("spans", {"id": span_id}, {"entity_id": entity_id})
        known = self._conn.execute(
            "SELECT 1 FROM entity_forms WHERE entity_id = ? AND form = ?", (entity_id, surface)
        ).fetchone()
        if not known:
            change.insert("entity_forms", {"entity_id": entity_id, "form": surface})

    def _require_label(self, label: str) -> None:
        if not self._conn.execute("SELECT 1 FROM labels WHERE name = ?", (label,)).fetchone():
            known = ", ".join(self.labels().names())
            raise InvalidValue(f"unknown label {label!r} (known: {known})")

    def _refuse_overlap(
        self, seq: int, start: int, end: int, label: str, ignore: int | None = None
    ) -> None:
        clash = self._conn.execute(
            "SELECT start_char, end_char FROM spans WHERE doc_seq = ? AND label = ? "
            "AND start_char < ? AND end_char > ? AND id IS NOT ?",
            (seq, label, end, start, ignore),
        ).fetchone()
        if clash:
            raise Conflict(
                f"[{start}, {end}) overlaps the {label} span [{clash[0]}, {clash[1]}); "
                "spans with the same label may not overlap"
            )

    def _start_document(self, change: Recorder, document: sqlite3.Row) -> None:
        if document["status"] == DocumentStatus.NEW.value:
            change.update(
                "documents", {"seq": document["seq"]}, {"status": DocumentStatus.IN_PROGRESS.value}
            )

    # -- entities --------------------------------------------------------------------------

    def create_entity(
        self, canonical: str, *, label: str | None = None, forms: Iterable[str] = (),
        note: str | None = None,
    ) -> Entity:
        if not canonical.strip():
            raise InvalidValue("an entity needs a canonical form")
        if label is not None:
            self._require_label(label)
        with self._action(f"create entity {canonical!r}") as change:
            entity_id = change.insert("entities", {
                "canonical": canonical, "label": label, "note": note,
                "created_by": self.annotator, "created_at": now(),
            })
            for form in dict.fromkeys([canonical, *forms]):
                change.insert("entity_forms", {"entity_id": entity_id, "form": form})
        return self.entity(entity_id)

    def entity(self, entity_id: int) -> Entity:
        row = self._conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no entity {entity_id}")
        return self._entity(row)

    def entities(self) -> list[Entity]:
        rows = self._conn.execute("SELECT * FROM entities ORDER BY canonical, id").fetchall()
        return [self._entity(row) for row in rows]

    def _entity(self, row: sqlite3.Row) -> Entity:
        forms = [r[0] for r in self._conn.execute(
            "SELECT form FROM entity_forms WHERE entity_id = ? ORDER BY form", (row["id"],))]
        cyrillic: dict[str, list[str]] = {}
        for lang, form in self._conn.execute(
            "SELECT lang, form FROM entity_cyrillic WHERE entity_id = ? ORDER BY lang, form",
            (row["id"],),
        ):
            cyrillic.setdefault(lang, []).append(form)
        return Entity(
            id=row["id"], canonical=row["canonical"], label=row["label"], forms=forms,
            cyrillic=cyrillic, note=row["note"],
        )

    # -- history ---------------------------------------------------------------------------

    def undo(self) -> HistoryEntry | None:
        """Undo this annotator's latest action still in effect; None when there is none."""
        with write(self._conn) as conn:
            return history.undo(conn, self.annotator)

    def redo(self) -> HistoryEntry | None:
        with write(self._conn) as conn:
            return history.redo(conn, self.annotator)

    def history(self, limit: int = 20, *, everyone: bool = False) -> list[HistoryEntry]:
        return history.entries(self._conn, None if everyone else self.annotator, limit)

    # -- import and overview ---------------------------------------------------------------

    def import_documents(
        self, items: Iterable[Incoming | InputProblem], *, strict: bool = False,
        add_labels: bool = False, spans_as: SpanStatus | str | None = None,
        progress: Callable[[], None] | None = None, batch_size: int = 1000,
    ) -> importing.ImportReport:
        """Import in batches of `batch_size` records, each batch one transaction (or the
        whole import one transaction with `strict`, rolled back at any problem).
        `spans_as` overrides the status of every imported span (e.g. model predictions)."""
        status = _enum(SpanStatus, spans_as, "span status").value if spans_as else None
        return importing.run(
            self._conn, items, annotator=self.annotator, strict=strict, add_labels=add_labels,
            spans_as=status, progress=progress, batch_size=batch_size,
        )

    def stats(self) -> ProjectStats:
        return project_stats(self._conn)


@lru_cache(maxsize=32)
def _tokens(text: str) -> list[Token]:
    return tokenize(text)


def _span(row: sqlite3.Row, doc_id: str) -> Span:
    return Span(
        id=row["id"], doc_id=doc_id, start=row["start_char"], end=row["end_char"],
        label=row["label"], status=row["status"], entity_id=row["entity_id"],
        annotator=row["annotator"], created_at=row["created_at"],
    )


def _enum(kind: type[E], value: Any, what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise InvalidValue(
            f"{value!r} is not a {what} (one of {', '.join(m.value for m in kind)})"
        ) from None


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
