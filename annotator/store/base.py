"""What every part of the Project facade shares: the connection, actions, labels, history,
import and overview."""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, TypeVar

from annotator.core.errors import InputProblem, InvalidValue, NotFound, ProjectError
from annotator.core.models import DEFAULT_LABELS, DocumentStatus, Label, LabelSet, SpanStatus
from annotator.core.records import Incoming
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


def as_enum(kind: type[E], value: Any, what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise InvalidValue(
            f"{value!r} is not a {what} (one of {', '.join(m.value for m in kind)})"
        ) from None


class ProjectBase:
    def __init__(self, path: Path, conn: sqlite3.Connection, annotator: str) -> None:
        self.path = path
        self.annotator = annotator
        self._conn = conn

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, *, labels: LabelSet | None = None, annotator: str | None = None
    ) -> Self:
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
    def open(cls, path: str | Path, *, annotator: str | None = None, create: bool = False) -> Self:
        path = Path(path)
        if not path.exists():
            if create:
                return cls.create(path, annotator=annotator)
            raise ProjectError(f"{path}: no such project (create one with `annotator init`)")
        return cls._connect(path, annotator)

    @classmethod
    def _connect(cls, path: Path, annotator: str | None) -> Self:
        try:
            conn = connect(path)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError as error:
            raise ProjectError(f"{path}: not an annotator project ({error})") from None
        if schema_version(conn) == 0 and _has_tables(conn):
            conn.close()
            raise ProjectError(f"{path}: an SQLite file, but not an annotator project")
        migrate(conn)
        return cls(path, conn, annotator or default_annotator())

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _action(self, name: str) -> Iterator[Recorder]:
        """One user action: one transaction, recorded in the history for undo."""
        with write(self._conn) as conn:
            recorder = Recorder(conn)
            yield recorder
            recorder.save(self.annotator, now(), name)

    def _document_row(self, doc_id: str) -> sqlite3.Row:
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id!r}")
        return row

    def _texts(self) -> Iterator[tuple[str, str]]:
        """(doc_id, text) of every document, streamed in import order."""
        cursor = self._conn.execute("SELECT id, text FROM documents ORDER BY seq")
        while rows := cursor.fetchmany(500):
            yield from ((row[0], row[1]) for row in rows)

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

    def _require_label(self, label: str) -> None:
        if not self._conn.execute("SELECT 1 FROM labels WHERE name = ?", (label,)).fetchone():
            known = ", ".join(self.labels().names())
            raise InvalidValue(f"unknown label {label!r} (known: {known})")

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
        status = as_enum(SpanStatus, spans_as, "span status").value if spans_as else None
        return importing.run(
            self._conn, items, annotator=self.annotator, strict=strict, add_labels=add_labels,
            spans_as=status, progress=progress, batch_size=batch_size,
        )

    def stats(self) -> ProjectStats:
        return project_stats(self._conn)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
