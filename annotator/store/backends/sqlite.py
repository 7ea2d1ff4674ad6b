"""The embedded backend: one SQLite file per project (WAL, foreign keys, FULL sync)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.core.errors import Busy, ProjectError
from annotator.store import health
from annotator.store.backends.base import Database
from annotator.store.backends.locks import BUSY_TIMEOUT_ENV, busy_timeout, lock_holders
from annotator.store.backends.sqlite_schema import SCHEMA_VERSION, migrate, schema_version


class SqliteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: Path, *, create: bool = False) -> None:
        super().__init__(str(path))
        self.path = path
        self.read_only = path.exists() and not _writable(path)
        self._checked_for_damage = False
        self._data_version: int | None = None
        try:
            self.conn = _read_only(path) if self.read_only else _connect(path)
            self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError as error:
            if "not a database" in str(error):
                raise ProjectError(f"{path}: not an annotator project ({error})") from None
            raise health.explain(error, path) from None
        if schema_version(self.conn) == 0 and not create and _has_tables(self.conn):
            self.conn.close()
            raise ProjectError(f"{path}: an SQLite file, but not an annotator project")
        if self.read_only:
            if schema_version(self.conn) < SCHEMA_VERSION:
                self.conn.close()
                raise ProjectError(f"{path} is read-only and from an older annotator; "
                                   "open it once where it can be written to upgrade it")
        else:
            migrate(self.conn)

    # -- statements ------------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: a third faster to make than sqlite3.Row
        return cursor.execute(sql, params).fetchall()

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 500):
        # A cursor of its own, so statements run between batches do not reset it.
        cursor = self.conn.cursor().execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch

    # -- transactions ----------------------------------------------------------------------------

    def begin(self) -> None:
        """BEGIN IMMEDIATE: take the write lock up front, so two processes queue behind the
        busy timeout instead of failing half-way. Past the timeout, a `Busy` error says who
        has the project open (when this system can tell) and that nothing was written."""
        if self.read_only:
            raise ProjectError(f"{self.path} is read-only (file or folder permissions, or a "
                               "read-only disk): it can be read, not changed; nothing was "
                               "written")
        self.refuse_writes_if_damaged()
        started = time.monotonic()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            waited = time.monotonic() - started
            holders = lock_holders(self.path)
            who = f" (open in {'; '.join(holders)})" if holders else ""
            raise Busy(f"{self.path} is being written by another process{who}; waited "
                       f"{waited:.1f} s for it and wrote nothing. Try again when it is done "
                       f"(${BUSY_TIMEOUT_ENV} sets how many seconds to wait).") from None

    def rollback(self) -> None:
        if self.conn.in_transaction:  # SQLite may have rolled back already (a full disk)
            self.conn.execute("ROLLBACK")

    # -- what only SQLite knows --------------------------------------------------------------------

    def files(self) -> list[Path]:
        return [self.path, self.path.with_name(f"{self.path.name}-wal"),
                self.path.with_name(f"{self.path.name}-shm")]

    def check(self, full: bool = False) -> list[str]:
        problems = health.quick_check(self.conn, full=full)
        if not problems and not self.read_only:
            health.damage_note(self.path).unlink(missing_ok=True)
        return problems

    def refuse_writes_if_damaged(self) -> None:
        if not self._checked_for_damage:
            health.check_before_writing(self.conn, self.path)
            self._checked_for_damage = True

    def note_damage(self, problem: str) -> None:
        health.note_damage(self.path, RuntimeError(problem))

    def others_committed(self) -> bool:
        """PRAGMA data_version changes when another connection commits to the file."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return changed

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """NORMAL skips the fsync per commit: a killed import keeps every committed batch; a
        power cut may drop the last ones, which re-running the import restores."""
        self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")

    def close(self) -> None:
        self.conn.close()


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are opened explicitly by `begin()`.
    conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout())
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout() * 1000)}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a change the annotator saw as saved survives a power cut, not only a kill.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # The default 2 MB page cache no longer holds the id and text-hash indexes of a
    # 100k-document project; SQLite allocates cache pages only as they are used.
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def _read_only(path: Path) -> sqlite3.Connection:
    """A file this process may not write (a read-only file or folder): reading works, and any
    write fails with SQLite's "readonly database" error."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           isolation_level=None, timeout=busy_timeout())
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL file in a read-only folder without its -shm: only an immutable open reads it
        # (safe there, since no one can write that folder either).
        conn.close()
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                               isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def _writable(path: Path) -> bool:
    """Whether this process may write the file and create its journal beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
