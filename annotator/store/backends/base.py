"""What every backend offers the store: statements, rows, transactions that nest, and the
few things only a backend knows (locking, journal files, change counters, checks).

SQL is written once, in the subset both SQLite and PostgreSQL speak (`?` placeholders,
`ON CONFLICT DO NOTHING`, `RETURNING`, `substr`, `length`, `coalesce`); a backend turns it
into its own dialect where they differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class Database:
    """One connection to one project. Transactions are explicit: `transaction()` takes the
    project's write lock (so every check made inside it holds until the commit); inside an
    open transaction it makes a savepoint, so actions nest."""

    dialect = ""
    read_only = False

    def __init__(self, location: str) -> None:
        self.location = location  # what messages name: a path, or a URL without password
        self._depth = 0

    # -- statements ----------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self.execute(sql, params).fetchall()

    def tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Rows as plain tuples, for bulk reads that take them apart by position."""
        return self.rows(sql, params)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[Any]:
        """Rows a batch at a time: a long read never holds every row."""
        cursor = self.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch

    def insert(self, table: str, row: dict[str, Any], returning: str | None = None) -> Any:
        """Insert one row; with `returning`, the value of that column (a generated id)."""
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
        if returning is None:
            self.execute(sql, tuple(row.values()))
            return None
        return self.scalar(f"{sql} RETURNING {returning}", tuple(row.values()))

    # -- transactions --------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction, or a savepoint inside one."""
        if self._depth:
            name = f"annotator_{self._depth}"
            self.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                self.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self._depth -= 1
            self.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.rollback()
            raise
        self._depth = 0
        self.commit()

    def begin(self) -> None:
        """Open a write transaction holding the project's write lock."""
        raise NotImplementedError

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        self.execute("ROLLBACK")

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Settings for a bulk import, whose batches each commit (see the backends)."""
        yield

    # -- what only a backend knows ---------------------------------------------------------------

    def grant_access(self, role: str) -> None:
        """Let a login role read and change the project (servers only)."""

    def revoke_access(self, role: str) -> None:
        """Take that back (servers only)."""

    def continue_ids_after_copy(self, table: str) -> None:
        """After rows were copied in with their ids: new ids come after the highest."""

    def files(self) -> list[Path]:
        """Files on this machine that hold the project (none for a server)."""
        return []

    def check(self, full: bool = False) -> list[str]:
        """The backend's own consistency check: [] when sound."""
        return []

    def refuse_writes_if_damaged(self) -> None:
        """Raise before the first write into a store a read found damaged."""

    def note_damage(self, problem: str) -> None:
        """Remember that a read found the store damaged (later writes check first)."""

    def authenticated_user(self) -> str | None:
        """Who the server says we are (None for a file: there, annotators name themselves)."""
        return None

    def others_committed(self) -> bool:
        """Whether another connection committed a change since the last call (cheap: a live
        view calls it every second)."""
        return False

    def close(self) -> None:
        raise NotImplementedError
