"""Row-level change log behind undo and redo.

Every user action runs inside one `Recorder`, which performs its inserts, updates and
deletes and remembers each as a row change. The changes are stored with the action in the
`history` table, so undo and redo survive restarts. Undo replays the inverse changes,
refusing (Conflict) when a row no longer looks as the action left it, for example because
another annotator changed it since. Each annotator has their own undo stack.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import Conflict

TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("seq",),
    "labels": ("name",),
    "spans": ("id",),
    "entities": ("id",),
    "entity_forms": ("entity_id", "form"),
    "entity_cyrillic": ("entity_id", "lang", "form"),
    "variant_rejections": ("form_a", "form_b"),
    "span_rejections": ("doc_seq", "start_char", "end_char", "label"),
}


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    annotator: str
    at: str
    action: str
    undone: bool


class Recorder:
    """Performs row changes on an open write transaction and records them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.changes: list[dict[str, Any]] = []

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values()),
        )
        key = dict(row) if TABLE_KEYS[table] != ("id",) else {"id": cursor.lastrowid}
        stored = _fetch(self.conn, table, _key_of(table, key))
        self.changes.append({"op": "insert", "table": table, "row": stored})
        return cursor.lastrowid or 0

    def update(self, table: str, key: dict[str, Any], values: dict[str, Any]) -> None:
        before_row = _fetch(self.conn, table, key)
        if before_row is None:
            raise Conflict(f"{table} {key} does not exist")
        before = {column: before_row[column] for column in values}
        if before == values:
            return
        _set(self.conn, table, key, values)
        self.changes.append(
            {"op": "update", "table": table, "key": key, "before": before, "after": values}
        )

    def delete(self, table: str, key: dict[str, Any]) -> dict[str, Any]:
        row = _fetch(self.conn, table, key)
        if row is None:
            raise Conflict(f"{table} {key} does not exist")
        _delete(self.conn, table, key)
        self.changes.append({"op": "delete", "table": table, "row": row})
        return row

    def save(self, annotator: str, at: str, action: str) -> None:
        if not self.changes:
            return
        # A new action ends what could be redone, as in every editor.
        self.conn.execute("DELETE FROM history WHERE annotator = ? AND undone = 1", (annotator,))
        self.conn.execute(
            "INSERT INTO history (annotator, at, action, changes) VALUES (?, ?, ?, ?)",
            (annotator, at, action, json.dumps(self.changes, ensure_ascii=False)),
        )


def undo(conn: sqlite3.Connection, annotator: str) -> HistoryEntry | None:
    row = conn.execute(
        "SELECT * FROM history WHERE annotator = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
        (annotator,),
    ).fetchone()
    if row is None:
        return None
    for change in reversed(json.loads(row["changes"])):
        _apply(conn, _inverse(change), row["action"], "undo")
    conn.execute("UPDATE history SET undone = 1 WHERE id = ?", (row["id"],))
    return _entry(row, undone=True)


def redo(conn: sqlite3.Connection, annotator: str) -> HistoryEntry | None:
    row = conn.execute(
        "SELECT * FROM history WHERE annotator = ? AND undone = 1 ORDER BY id ASC LIMIT 1",
        (annotator,),
    ).fetchone()
    if row is None:
        return None
    for change in json.loads(row["changes"]):
        _apply(conn, change, row["action"], "redo")
    conn.execute("UPDATE history SET undone = 0 WHERE id = ?", (row["id"],))
    return _entry(row, undone=False)


def entries(conn: sqlite3.Connection, annotator: str | None, limit: int) -> list[HistoryEntry]:
    where, params = ("WHERE annotator = ?", (annotator,)) if annotator else ("", ())
    rows = conn.execute(
        f"SELECT id, annotator, at, action, undone FROM history {where} ORDER BY id DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [_entry(row, undone=bool(row["undone"])) for row in rows]


def _entry(row: sqlite3.Row, undone: bool) -> HistoryEntry:
    return HistoryEntry(row["id"], row["annotator"], row["at"], row["action"], undone)


def _inverse(change: dict[str, Any]) -> dict[str, Any]:
    op = change["op"]
    if op == "insert":
        return {"op": "delete", "table": change["table"], "row": change["row"]}
    if op == "delete":
        return {"op": "insert", "table": change["table"], "row": change["row"]}
    # An update may change the key itself (renaming a label): look the row up by its new key.
    key = {column: change["after"].get(column, value) for column, value in change["key"].items()}
    return {**change, "key": key, "before": change["after"], "after": change["before"]}


def _apply(conn: sqlite3.Connection, change: dict[str, Any], action: str, verb: str) -> None:
    table = change["table"]
    stale = Conflict(f"cannot {verb} '{action}': the {table} row was changed since")
    if change["op"] == "insert":
        key = _key_of(table, change["row"])
        if _fetch(conn, table, key) is not None:
            raise stale
        row = change["row"]
        conn.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values()),
        )
    elif change["op"] == "delete":
        key = _key_of(table, change["row"])
        if _fetch(conn, table, key) != change["row"]:
            raise stale
        _delete(conn, table, key)
    else:
        current = _fetch(conn, table, change["key"])
        if current is None or any(current[c] != v for c, v in change["before"].items()):
            raise stale
        _set(conn, table, change["key"], change["after"])


def _key_of(table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {column: row[column] for column in TABLE_KEYS[table]}


def _where(key: dict[str, Any]) -> str:
    return " AND ".join(f"{column} = ?" for column in key)


def _fetch(conn: sqlite3.Connection, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT * FROM {table} WHERE {_where(key)}", tuple(key.values()))
    found = row.fetchone()
    return dict(found) if found is not None else None


def _set(conn: sqlite3.Connection, table: str, key: dict[str, Any], values: dict[str, Any]):
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(
        f"UPDATE {table} SET {assignments} WHERE {_where(key)}",
        (*values.values(), *key.values()),
    )


def _delete(conn: sqlite3.Connection, table: str, key: dict[str, Any]) -> None:
    conn.execute(f"DELETE FROM {table} WHERE {_where(key)}", tuple(key.values()))
