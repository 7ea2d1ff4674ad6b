"""Opening the SQLite file with the settings every connection needs, and write transactions
that say plainly when another process kept the project locked."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.core.errors import Busy

BUSY_TIMEOUT_ENV = "ANNOTATOR_LOCK_TIMEOUT"  # seconds a write waits for another's lock
DEFAULT_BUSY_TIMEOUT = 30.0


def busy_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV, DEFAULT_BUSY_TIMEOUT)))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """`read_only` opens a file this process may not write (a read-only file or folder):
    reading works, and any write fails with SQLite's "readonly database" error."""
    # isolation_level=None: transactions are opened explicitly by `write()` below.
    if read_only:
        conn = _read_only(path)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout())
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout() * 1000)}")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a change the annotator saw as saved survives a power cut, not only a kill.
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # The default 2 MB page cache no longer holds the id and text-hash indexes of a
    # 100k-document project; SQLite allocates cache pages only as they are used.
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def _read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           isolation_level=None, timeout=busy_timeout())
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL file in a read-only folder without its -shm: only an immutable open reads it
        # (safe there, since no one can write that folder either).
        conn.close()
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                               isolation_level=None)


def begin(conn: sqlite3.Connection, path: Path | None = None) -> None:
    """BEGIN IMMEDIATE: take the write lock up front, so two processes queue behind the busy
    timeout instead of failing half-way. Past the timeout, a `Busy` error says who holds
    the lock (when this system can tell) and that nothing was written."""
    started = time.monotonic()
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        waited = time.monotonic() - started
        holders = lock_holders(path) if path is not None else []
        who = f" (open in {'; '.join(holders)})" if holders else ""
        raise Busy(f"{path or 'the project'} is being written by another process{who}; "
                   f"waited {waited:.1f} s for it and wrote nothing. Try again when it is "
                   f"done (${BUSY_TIMEOUT_ENV} sets how many seconds to wait).") from None


@contextmanager
def write(conn: sqlite3.Connection, path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """One write transaction, rolled back on any error."""
    begin(conn, path)
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def lock_holders(path: Path) -> list[str]:
    """Other processes that have the project file open, as "pid 123: annotator import x"
    (Linux /proc; elsewhere, or without permission, nothing is known)."""
    try:
        wanted = {os.path.realpath(path), os.path.realpath(f"{path}-wal")}
        pids = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return []
    found = []
    for pid in pids:
        if int(pid) == os.getpid():
            continue
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
            if not any(os.path.realpath(f"/proc/{pid}/fd/{fd}") in wanted
                       for fd in descriptors):
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                command = file.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            continue
        found.append(f"pid {pid}: {_short_command(command)}")
    return found


def _short_command(command: str) -> str:
    parts = command.split()
    # "python .../bin/annotator import x" reads better as "annotator import x".
    for index, part in enumerate(parts):
        if os.path.basename(part) == "annotator":
            return " ".join(["annotator", *parts[index + 1:]])[:120]
    return command[:120]
