"""What every part of the Project facade shares: the connection, actions, labels, history,
import and overview."""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, TypeVar

from annotator.core.errors import InputProblem, InvalidValue, NotFound, ProjectError
from annotator.core.escape import is_printable_name
from annotator.core.models import DEFAULT_LABELS, DocumentStatus, Label, LabelSet, SpanStatus
from annotator.core.records import Incoming
from annotator.store import health, history, importing, labels
from annotator.store.database import connect, write
from annotator.store.history import HistoryEntry, Recorder
from annotator.store.migrations import SCHEMA_VERSION, migrate, schema_version
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


def valid_annotator_name(name: str) -> str:
    if not name.strip() or len(name) > 64 or not is_printable_name(name):
        raise InvalidValue(f"annotator name {name[:64]!r}: 1 to 64 characters, no control "
                           "characters or line breaks")
    return name


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
    def __init__(self, path: Path, conn: sqlite3.Connection, annotator: str,
                 read_only: bool = False) -> None:
        self.path = path
        self.annotator = valid_annotator_name(annotator)
        self.read_only = read_only
        self._conn = conn
        self._checked_for_damage = False

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
        with project._write() as conn:
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
        if not path.is_file():
            raise ProjectError(f"{path} is not a file; a project is one file (`annotator init`)")
        if path.stat().st_size == 0:
            raise ProjectError(f"{path} is an empty file, not a project (create one with "
                               "`annotator init`)")
        return cls._connect(path, annotator)

    @classmethod
    def _connect(cls, path: Path, annotator: str | None) -> Self:
        read_only = path.exists() and not _writable(path)
        try:
            conn = connect(path, read_only=read_only)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError as error:
            if "not a database" in str(error):
                raise ProjectError(f"{path}: not an annotator project ({error})") from None
            raise health.explain(error, path) from None
        if schema_version(conn) == 0 and _has_tables(conn):
            conn.close()
            raise ProjectError(f"{path}: an SQLite file, but not an annotator project")
        if read_only:
            if schema_version(conn) < SCHEMA_VERSION:
                conn.close()
                raise ProjectError(f"{path} is read-only and from an older annotator; "
                                   "open it once where it can be written to upgrade it")
        else:
            migrate(conn)
        return cls(path, conn, annotator or default_annotator(), read_only)

    def files(self) -> list[Path]:
        """The project file and the journal files SQLite keeps beside it."""
        return [self.path, self.path.with_name(f"{self.path.name}-wal"),
                self.path.with_name(f"{self.path.name}-shm")]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction. Everything a change decides on must be read inside it: it
        holds the write lock, so no other process can change the rows in between."""
        self._refuse_unwritable()
        with write(self._conn, self.path) as conn:
            yield conn

    def _refuse_unwritable(self) -> None:
        if self.read_only:
            raise ProjectError(f"{self.path} is read-only (file or folder permissions, or a "
                               "read-only disk): it can be read, not changed; nothing was "
                               "written")
        if not self._checked_for_damage:
            health.check_before_writing(self._conn, self.path)
            self._checked_for_damage = True

    @contextmanager
    def _action(self, name: str) -> Iterator[Recorder]:
        """One user action: one transaction, recorded in the history for undo. The name may
        be refined inside (`recorder.name`), once what the action does is known."""
        with self._write() as conn:
            recorder = Recorder(conn, name)
            yield recorder
            recorder.save(self.annotator, now(), recorder.name)

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
        """Undo this annotator's latest action still in effect; None when there is none.
        An undo that would overwrite a later change or break an invariant raises
        UndoRefused (nothing is changed); `drop_undo` then lets the history go on."""
        with self._write() as conn:
            return history.undo(conn, self.annotator)

    def redo(self) -> HistoryEntry | None:
        with self._write() as conn:
            return history.redo(conn, self.annotator)

    def drop_undo(self, entry_id: int | None = None) -> HistoryEntry:
        """Keep one of your actions as it is (by default the one undo would take) and stop
        offering to undo it: the next undo goes to the action before it."""
        with self._write() as conn:
            return history.drop(conn, self.annotator, entry_id, undone=False)

    def drop_redo(self, entry_id: int | None = None) -> HistoryEntry:
        """Forget an undone action that can no longer be redone (by default the next)."""
        with self._write() as conn:
            return history.drop(conn, self.annotator, entry_id, undone=True)

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
        return self.import_sources(
            [("", items)], strict=strict, add_labels=add_labels, spans_as=spans_as,
            progress=(lambda _: progress()) if progress else None, batch_size=batch_size)[0]

    def import_sources(
        self, sources: Sequence[tuple[str, Iterable[Incoming | InputProblem]]], *,
        strict: bool = False, add_labels: bool = False, spans_as: SpanStatus | str | None = None,
        progress: Callable[[int], None] | None = None, batch_size: int = 1000,
    ) -> list[importing.ImportReport]:
        """Several (name, records) sources: one report each. With `strict`, all of them are
        one transaction: any problem in any source, and nothing is written."""
        status = as_enum(SpanStatus, spans_as, "span status").value if spans_as else None
        self._refuse_unwritable()
        return importing.run(
            self._conn, self.path, sources, annotator=self.annotator, strict=strict,
            add_labels=add_labels, spans_as=status, progress=progress, batch_size=batch_size,
        )

    def check(self, full: bool = False) -> list[str]:
        """SQLite's consistency check: [] when the file is sound (which also clears a note
        of damage left by a failed read), else what it found."""
        problems = health.quick_check(self._conn, full=full)
        if not problems and not self.read_only:
            health.damage_note(self.path).unlink(missing_ok=True)
        return problems

    def stats(self) -> ProjectStats:
        return project_stats(self._conn)


def _writable(path: Path) -> bool:
    """Whether this process may write the file and create its journal beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
