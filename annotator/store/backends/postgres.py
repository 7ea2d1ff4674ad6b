"""The server backend: a project is one PostgreSQL database (its tables in the schema
`annotator`), reached by a postgresql:// URL. Passwords come from where libpq looks
(the URL, PGPASSWORD, ~/.pgpass) and are never shown; TLS follows libpq's sslmode.

Who you are is who you logged in as: the annotator name is the session's role.

Writers queue on one transaction-level advisory lock per project, taken at BEGIN, as
SQLite's BEGIN IMMEDIATE does for a file: every check an action makes inside its
transaction holds until it commits, on both backends alike.
"""

from __future__ import annotations

import atexit
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from annotator.core.errors import Busy, ConnectionLost, ProjectError
from annotator.store.backends.base import Database
from annotator.store.backends.locks import BUSY_TIMEOUT_ENV, busy_timeout
from annotator.store.backends.postgres_schema import SCHEMA, SCHEMA_VERSION, migrate, schema_version
from annotator.store.backends.postgres_url import masked

WRITE_LOCK = 0x616E6E6F  # "anno": the advisory lock writers queue on, one per database
CHANNEL = "annotator_changes"  # NOTIFY'd by every write transaction, for live views


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, url: str, *, create: bool = False, user: str | None = None) -> None:
        try:
            import psycopg
            from psycopg.conninfo import conninfo_to_dict
        except ImportError:
            raise ProjectError("PostgreSQL projects need the 'postgres' extra: pip install "
                               "'corpus-annotator[postgres]'") from None

        try:
            params = conninfo_to_dict(url)
        except psycopg.ProgrammingError as error:
            raise ProjectError(f"{masked(url)}: not a PostgreSQL URL ({error})") from None
        if user and user.startswith("default:"):  # $ANNOTATOR_NAME: the URL's user wins
            user = None if params.get("user") else user.removeprefix("default:")
        if user and params.get("user") and params["user"] != user:
            raise ProjectError(
                f"{masked(url)} logs in as {params['user']!r}; on a server your annotator name "
                f"is the role you log in as, so it cannot be {user!r}")
        if user and not params.get("user"):
            params["user"] = user
        self.params = params
        self.dbname = str(params.get("dbname") or "")
        if not self.dbname:
            raise ProjectError(f"{masked(url)}: name the project's database at the end of the "
                               "URL (postgresql://host/DATABASE)")
        super().__init__(masked(url))
        self.reconnections = 0
        self._listener: Any = None
        self._pool: Any = None
        self.conn = self._connect(create)
        try:
            version = schema_version(self)
        except psycopg.errors.InsufficientPrivilege:
            self.conn.close()
            raise ProjectError(
                f"{self.location}: {params.get('user') or 'this role'} has no access to this "
                "project; its owner gives it with `annotator project grant NAME`") from None
        if version == 0 and not create:
            self.conn.close()
            raise ProjectError(f"{self.location}: no annotator project in this database (create "
                               "one with `annotator init`)")
        migrate(self)
        if schema_version(self) != SCHEMA_VERSION:
            raise ProjectError(f"{self.location}: the schema is at version "
                               f"{schema_version(self)}, not {SCHEMA_VERSION}")

    def _connect(self, create: bool) -> Any:
        """A connection from this process's pool for the project once one has worked (so
        the TUI's workers, which open the project again and again, do not log in each
        time); the first one is made directly, so its failure says why."""
        import psycopg
        from psycopg.conninfo import make_conninfo

        conninfo = make_conninfo("", **{"application_name": "annotator", **self.params})
        pool = _pools.get((os.getpid(), conninfo))
        if pool is not None:
            try:
                conn = pool.getconn(timeout=busy_timeout())
            except Exception:  # noqa: BLE001 - the pool's failures: connect directly, below
                pool = None
            else:
                self._pool = pool
                return conn
        try:
            conn = psycopg.connect(conninfo, autocommit=True, row_factory=_row_factory)
        except psycopg.OperationalError as error:
            if create and f'database "{self.dbname}" does not exist' in str(error):
                self._create_database()
                conn = psycopg.connect(conninfo, autocommit=True, row_factory=_row_factory)
            else:
                raise ProjectError(f"{self.location}: cannot connect ({_first_line(error)})"
                                   ) from None
        _prepare(conn)
        _start_pool(conninfo)
        return conn

    def _create_database(self) -> None:
        import psycopg
        from psycopg import sql
        from psycopg.conninfo import make_conninfo

        maintenance = make_conninfo("", **{**self.params, "dbname": "postgres"})
        try:
            with psycopg.connect(maintenance, autocommit=True) as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.dbname)))
        except psycopg.Error as error:
            raise ProjectError(
                f"{self.location}: the database does not exist and could not be created "
                f"({_first_line(error)}); ask the server's administrator to run `createdb "
                f"{self.dbname}`, then `annotator init` again") from None

    # -- statements ------------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._connection_kept():
            return self._live().execute(_dialect(sql, bool(params)), params or None)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self._connection_kept(), self._live().cursor() as cursor:
                cursor.executemany(_dialect(sql, True), rows)

    def execute_script(self, script: str) -> None:
        self.execute(script)

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 500):
        # A cursor of its own, so statements run between batches do not reset it.
        with self._connection_kept(), self._live().cursor() as cursor:
            cursor.execute(_dialect(sql, bool(params)), params or None)
            while batch := cursor.fetchmany(size):
                yield from batch

    # -- a connection that drops ------------------------------------------------------------------

    def _live(self) -> Any:
        """The connection, made again if the server dropped it between transactions (a
        restart, pg_terminate_backend); inside one, the transaction is lost with it."""
        if self.conn.closed or self.conn.broken:
            if self._depth:
                raise ConnectionLost(f"{self.location}: the connection to the server was lost; "
                                     "the change in progress was not saved")
            if self._pool is not None:
                self._pool.putconn(self.conn)  # the pool throws the broken one away
                self._pool = None
            self.conn = self._connect(create=False)
            self.reconnections += 1
        return self.conn

    @contextmanager
    def _connection_kept(self) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.OperationalError as error:
            if not _connection_gone(self.conn, error):
                raise
            self.conn.close()  # the next step makes it again (_live)
            lost_in_transaction = self._depth > 0
            self._depth = 0
            raise ConnectionLost(
                f"{self.location}: the connection to the server was lost "
                f"({_first_line(error)})"
                + ("; the change in progress was not saved" if lost_in_transaction else "")
                + "; it is made again at the next step") from None

    # -- transactions ----------------------------------------------------------------------------

    def begin(self) -> None:
        import psycopg

        started = time.monotonic()
        self.execute("BEGIN")
        self.conn.execute(f"SET LOCAL lock_timeout = {int(busy_timeout() * 1000)}")
        try:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        except psycopg.errors.LockNotAvailable:
            self.conn.execute("ROLLBACK")
            waited = time.monotonic() - started
            holders = self.lock_holders()
            who = f" ({'; '.join(holders)})" if holders else ""
            raise Busy(f"{self.location} is being written by another session{who}; waited "
                       f"{waited:.1f} s for it and wrote nothing. Try again when it is done "
                       f"(${BUSY_TIMEOUT_ENV} sets how many seconds to wait).") from None

    def commit(self) -> None:
        import psycopg

        # Delivered at commit, to live views of other sessions (the payload says whose).
        self.conn.execute(f"NOTIFY {CHANNEL}, '{self.conn.info.backend_pid}'")
        try:
            self.conn.execute("COMMIT")
        except psycopg.OperationalError as error:
            if not _connection_gone(self.conn, error):
                raise
            raise ConnectionLost(f"{self.location}: the connection to the server was lost "
                                 f"while committing ({_first_line(error)})",
                                 during_commit=True) from None

    def rollback(self) -> None:
        if self.conn.closed or self.conn.broken:
            return  # the server dropped the transaction with the connection
        if self.conn.info.transaction_status != 0:  # not idle: a transaction is open
            self.conn.execute("ROLLBACK")

    def lock_holders(self) -> list[str]:
        """Who holds the project's write lock: role, program, since when."""
        rows = self.rows(
            "SELECT a.pid, a.usename, a.application_name, "
            "extract(epoch FROM now() - a.xact_start)::int FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
            "AND l.granted AND l.objid = ? AND l.database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            (WRITE_LOCK,))
        return [f"{user} ({program or 'a client'}, pid {pid}, {seconds} s in its transaction)"
                for pid, user, program, seconds in rows]

    def continue_ids_after_copy(self, table: str) -> None:
        self.execute(f"SELECT setval(pg_get_serial_sequence('{SCHEMA}.{table}', 'id'), "
                     f"coalesce(max(id), 0) + 1, false) FROM {table}")

    # -- what only a server knows ----------------------------------------------------------------

    def grant_access(self, role: str) -> None:
        """Connect, and read and write every table of the project (the server refuses it to
        anyone but the project's owner or an administrator)."""
        self._privileges("GRANT", "TO", role)

    def revoke_access(self, role: str) -> None:
        self._privileges("REVOKE", "FROM", role)

    def _privileges(self, verb: str, preposition: str, role: str) -> None:
        import psycopg
        from psycopg import sql

        who = sql.Identifier(role)
        statements = [
            sql.SQL("{} CONNECT ON DATABASE {} {} {}").format(
                sql.SQL(verb), sql.Identifier(self.dbname), sql.SQL(preposition), who),
            sql.SQL("{} USAGE ON SCHEMA annotator {} {}").format(
                sql.SQL(verb), sql.SQL(preposition), who),
            sql.SQL("{} SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA annotator {} {}"
                    ).format(sql.SQL(verb), sql.SQL(preposition), who),
            sql.SQL("{} USAGE, SELECT ON ALL SEQUENCES IN SCHEMA annotator {} {}").format(
                sql.SQL(verb), sql.SQL(preposition), who),
        ]
        try:
            for statement in statements:
                self.conn.execute(statement)
        except psycopg.errors.UndefinedObject:
            raise ProjectError(f"there is no role {role!r} on the server; an administrator "
                               f"creates it first (createuser {role})") from None
        except psycopg.errors.InsufficientPrivilege as error:
            raise ProjectError(f"only the project's owner (or an administrator) can give "
                               f"access to it ({_first_line(error)})") from None

    def authenticated_user(self) -> str:
        return self.scalar("SELECT session_user")

    def others_committed(self) -> bool:
        """Whether another session committed since the last call: NOTIFYs gathered on a
        listening connection of our own, read without waiting."""
        import psycopg

        try:
            if self._listener is None or self._listener.closed or self._listener.broken:
                from psycopg.conninfo import make_conninfo

                self._listener = psycopg.connect(
                    make_conninfo("", **{"application_name": "annotator (live)",
                                         **self.params}), autocommit=True)
                self._listener.execute(f"LISTEN {CHANNEL}")
            mine = str(self.conn.info.backend_pid)
            return any(note.payload != mine
                       for note in self._listener.notifies(timeout=0, stop_after=1000))
        except psycopg.OperationalError:
            self._listener = None  # the server went away: the next call tries again
            return False

    def close(self) -> None:
        if self._pool is not None and not self.conn.closed:
            self.rollback()
            self._pool.putconn(self.conn)  # a broken one the pool throws away
        else:
            self.conn.close()
        if self._listener is not None:
            self._listener.close()




# Connection pools of this process, by (pid, conninfo): a forked worker makes its own.
_pools: dict[tuple[int, str], Any] = {}


def _prepare(conn: Any) -> None:
    conn.execute(f"SET search_path TO {SCHEMA}, public")


@atexit.register
def _close_pools() -> None:
    for pool in _pools.values():
        pool.close()


def _start_pool(conninfo: str) -> None:
    key = (os.getpid(), conninfo)
    if key in _pools:
        return
    try:
        from psycopg_pool import ConnectionPool
    except ImportError:  # pragma: no cover - without the pool, every open connects
        return
    _pools[key] = ConnectionPool(
        conninfo, min_size=0, max_size=8, open=True, name="annotator",
        kwargs={"autocommit": True, "row_factory": _row_factory}, configure=_prepare,
        check=ConnectionPool.check_connection)


@lru_cache(maxsize=4096)
def _dialect(sql: str, has_params: bool) -> str:
    """`?` placeholders become `%s` (outside quoted text); with parameters, a literal `%`
    becomes `%%`."""
    if not has_params:
        return sql
    out, quoted = [], False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out)


class _Row(tuple):
    """A row read by position (row[0]) or by column name (row["seq"]), as sqlite3.Row."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type[_Row]:
    return type("Row", (_Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any) -> Any:
    names = tuple(column.name for column in cursor.description or ())
    cls = _row_class(names)
    return lambda values: tuple.__new__(cls, values)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def url_for(host: str, dbname: str, user: str | None = None) -> str:
    who = f"{quote(user, safe='')}@" if user else ""
    return f"postgresql://{who}{host}/{quote(dbname, safe='')}"


# SQLSTATE 57P01-57P05: the server ended the session (pg_terminate_backend, a shutdown, a
# crash, an idle timeout). psycopg may raise the error before it marks the connection
# broken, so it is recognised by its code as well.
_SESSION_ENDED = ("57P01", "57P02", "57P03", "57P04", "57P05")


def _connection_gone(conn: Any, error: Exception) -> bool:
    return conn.closed or conn.broken or getattr(error, "sqlstate", None) in _SESSION_ENDED
