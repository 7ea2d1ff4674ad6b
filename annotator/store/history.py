"""Row-level change log behind undo and redo.

Every user action runs inside one `Recorder`, which performs its inserts, updates and
deletes and remembers each as a row change. The changes are stored with the action in the
`history` table, so undo and redo survive restarts. Each annotator has their own undo stack.

Undo replays the inverse changes inside one transaction and checks each against what is
stored now: a row that no longer looks as the action left it (another annotator changed
it since), or a replay that would break an invariant (two overlapping spans of a label, a
spelling in two entities, an entity removed under spans linked to it), refuses the whole
undo with an `UndoRefused` naming the change that blocks it; nothing is half done. A
refused entry can be dropped from the stack, so the history never gets stuck.

Some rows are set members (an entity's forms, rejected pairs): replaying them is
idempotent. Some changes are side effects (a document going from new to in progress on
its first span) and are "soft": replayed only where they still apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import Conflict, NotFound, UndoRefused
from annotator.store import invariants
from annotator.store.backends.base import Database
from annotator.store.health import integrity_errors
from annotator.store.values import now

TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("seq",),
    "labels": ("name",),
    "spans": ("id",),
    "entities": ("id",),
    "entity_forms": ("entity_id", "form"),
    "entity_cyrillic": ("entity_id", "lang", "form"),
    "variant_rejections": ("form_a", "form_b"),
    "span_rejections": ("layer", "doc_seq", "start_char", "end_char", "label"),
    "assignments": ("doc_seq", "annotator"),
}
# Key columns added after entries were recorded: what an entry without one meant.
KEY_DEFAULTS = {"layer": "gold"}
# Rows whose presence is all they say: inserting one already there, or deleting one already
# gone, changes nothing.
SET_TABLES = {"entity_forms", "entity_cyrillic", "variant_rejections", "span_rejections"}

# history.undone: 0 in effect, 1 undone (can be redone), 2 in effect but dropped from undo.
DONE, UNDONE, DROPPED = 0, 1, 2
STATES = {DONE: "done", UNDONE: "undone", DROPPED: "dropped"}


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    annotator: str
    at: str
    action: str
    state: str = "done"

    @property
    def undone(self) -> bool:
        return self.state == "undone"


class Recorder:
    """One user action in progress: performs row changes on the open write transaction and
    records them; `annotator` and `at` are who makes it and when, for the rows it writes."""

    def __init__(self, db: Database, annotator: str, name: str = "", layer: str = "gold"
                 ) -> None:
        self.db = db
        self.annotator = annotator
        self.layer = layer  # where the spans this action makes go
        self._name = name
        self.nested = 0  # actions opened inside this one (savepoints of it)
        self.at = now()
        self.changes: list[dict[str, Any]] = []

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        """What the history calls the action. Steps may say it more precisely once they
        know what they change; inside an action opened around them, its name stands."""
        if not self.nested:
            self._name = name

    def insert(self, table: str, row: dict[str, Any]) -> int:
        generated = TABLE_KEYS[table] == ("id",)
        new_id = self.db.insert(table, row, returning="id" if generated else None)
        key = {"id": new_id} if generated else dict(row)
        stored = _fetch(self.db, table, _key_of(table, key))
        self.changes.append({"op": "insert", "table": table, "row": stored})
        return new_id or 0

    def update(self, table: str, key: dict[str, Any], values: dict[str, Any], *,
               soft: bool = False) -> None:
        """`soft`: a side effect, replayed by undo and redo only where it still applies."""
        before_row = _fetch(self.db, table, key)
        if before_row is None:
            raise NotFound(f"no {table} row {key} (removed by someone else?)")
        before = {column: before_row[column] for column in values}
        if before == values:
            return
        _set(self.db, table, key, values)
        change = {"op": "update", "table": table, "key": key, "before": before, "after": values}
        self.changes.append({**change, "soft": True} if soft else change)

    def delete(self, table: str, key: dict[str, Any]) -> dict[str, Any]:
        row = _fetch(self.db, table, key)
        if row is None:
            raise NotFound(f"no {table} row {key} (removed by someone else?)")
        _delete(self.db, table, key)
        self.changes.append({"op": "delete", "table": table, "row": row})
        return row

    def save(self) -> None:
        """Store the action in the history (an action that changed nothing is not one)."""
        if not self.changes:
            return
        # A new action ends what could be redone, as in every editor.
        self.db.execute("DELETE FROM history WHERE annotator = ? AND undone = ?",
                        (self.annotator, UNDONE))
        self.db.execute(
            "INSERT INTO history (annotator, at, action, changes) VALUES (?, ?, ?, ?)",
            (self.annotator, self.at, self._name, json.dumps(self.changes, ensure_ascii=False)),
        )


def was_saved(db: Database, change: Recorder) -> bool:
    """Whether this action reached the history: for an action whose commit may or may not
    have happened (the connection dropped during it)."""
    if not change.changes:
        return False
    return db.one("SELECT 1 FROM history WHERE annotator = ? AND at = ? AND action = ? "
                  "AND changes = ?", (change.annotator, change.at, change.name,
                                      json.dumps(change.changes, ensure_ascii=False))) is not None


def undo(db: Database, annotator: str) -> HistoryEntry | None:
    row = db.execute(
        "SELECT * FROM history WHERE annotator = ? AND undone = ? ORDER BY id DESC LIMIT 1",
        (annotator, DONE),
    ).fetchone()
    if row is None:
        return None
    changes = [_inverse(change) for change in reversed(json.loads(row["changes"]))]
    _replay(db, changes, row, "undo")
    db.execute("UPDATE history SET undone = ? WHERE id = ?", (UNDONE, row["id"]))
    return _entry(row, UNDONE)


def redo(db: Database, annotator: str) -> HistoryEntry | None:
    row = db.execute(
        "SELECT * FROM history WHERE annotator = ? AND undone = ? ORDER BY id ASC LIMIT 1",
        (annotator, UNDONE),
    ).fetchone()
    if row is None:
        return None
    _replay(db, json.loads(row["changes"]), row, "redo")
    db.execute("UPDATE history SET undone = ? WHERE id = ?", (DONE, row["id"]))
    return _entry(row, DONE)


def drop(db: Database, annotator: str, entry_id: int | None, *, undone: bool
         ) -> HistoryEntry:
    """Give up undoing (or redoing) one of the annotator's entries (by default the one undo,
    or redo, would take next): an action dropped from the undo stack stays in effect; one
    dropped from the redo stack is forgotten."""
    state = UNDONE if undone else DONE
    what = "redo" if undone else "undo"
    if entry_id is None:
        order = "ASC" if undone else "DESC"
        row = db.execute(f"SELECT * FROM history WHERE annotator = ? AND undone = ? "
                           f"ORDER BY id {order} LIMIT 1", (annotator, state)).fetchone()
        if row is None:
            raise NotFound(f"{annotator} has nothing to {what}")
    else:
        row = db.execute("SELECT * FROM history WHERE id = ? AND annotator = ? AND undone = ?",
                           (entry_id, annotator, state)).fetchone()
        if row is None:
            raise NotFound(f"no action #{entry_id} of {annotator} to {what}")
    entry_id = row["id"]
    if undone:
        db.execute("DELETE FROM history WHERE id = ?", (entry_id,))
    else:
        db.execute("UPDATE history SET undone = ? WHERE id = ?", (DROPPED, entry_id))
    return _entry(row, DROPPED if not undone else UNDONE)


def entries(db: Database, annotator: str | None, limit: int) -> list[HistoryEntry]:
    where, params = ("WHERE annotator = ?", (annotator,)) if annotator else ("", ())
    rows = db.execute(
        f"SELECT id, annotator, at, action, undone FROM history {where} ORDER BY id DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [_entry(row, row["undone"]) for row in rows]


def _entry(row: Any, state: int) -> HistoryEntry:
    return HistoryEntry(row["id"], row["annotator"], row["at"], row["action"],
                        STATES.get(state, "done"))


def _inverse(change: dict[str, Any]) -> dict[str, Any]:
    op = change["op"]
    if op == "insert":
        return {"op": "delete", "table": change["table"], "row": change["row"]}
    if op == "delete":
        return {"op": "insert", "table": change["table"], "row": change["row"]}
    # An update may change the key itself (renaming a label): look the row up by its new key.
    key = {column: change["after"].get(column, value) for column, value in change["key"].items()}
    return {**change, "key": key, "before": change["after"], "after": change["before"]}


class _Replay:
    """One undo or redo: applies changes, refusing with a message that names the blocker."""

    def __init__(self, db: Database, entry: Any, verb: str,
                 changes: list[dict[str, Any]]) -> None:
        self.db, self.entry, self.verb = db, entry, verb
        # The entity each span this replay touches ends up linked to (None: removed).
        self.final_entity: dict[int, Any] = {}
        for change in changes:
            if change["table"] != "spans":
                continue
            if change["op"] == "delete":
                self.final_entity[change["row"]["id"]] = None
            elif change["op"] == "insert":
                self.final_entity[change["row"]["id"]] = change["row"]["entity_id"]
            elif "entity_id" in change["after"]:
                self.final_entity[change["key"]["id"]] = change["after"]["entity_id"]

    def form_in_use(self, entity_id: int, form: str) -> bool:
        """Whether a span linked to the entity is written `form`, once this replay is done."""
        return any(self.final_entity.get(span_id, entity_id) == entity_id
                   for span_id in invariants.spans_written(self.db, entity_id, form))

    def refuse(self, reason: str) -> UndoRefused:
        return UndoRefused(f"cannot {self.verb} '{self.entry['action']}': {reason}",
                           _entry(self.entry, self.entry["undone"]))

    def stale(self, table: str, key: dict[str, Any]) -> UndoRefused:
        later = self.later_change(lambda c: c["table"] == table and _change_key(c) == key)
        what = _ROW_NAMES.get(table, table)
        return self.refuse(f"the {what} was changed since" + (f" by {later}" if later else ""))

    def later_change(self, matches) -> str | None:
        """"bob's 'remove span ...' (#12 at ...)": the first later action with a matching
        change, if the history still holds one."""
        rows = self.db.execute(
            "SELECT id, annotator, at, action, changes FROM history WHERE id > ? ORDER BY id",
            (self.entry["id"],))
        for row in rows:
            if any(matches(change) for change in json.loads(row["changes"])):
                return f"{row['annotator']}'s '{row['action']}' (#{row['id']}, {row['at']})"
        return None

    def apply(self, change: dict[str, Any]) -> None:
        table, op = change["table"], change["op"]
        if op == "insert":
            self.insert(table, change["row"])
        elif op == "delete":
            self.delete(table, change["row"])
        else:
            self.update(table, change)

    def insert(self, table: str, row: dict[str, Any]) -> None:
        key = _key_of(table, row)
        if _fetch(self.db, table, key) is not None:
            if table in SET_TABLES:
                return
            raise self.stale(table, key)
        if table == "spans":
            self.check_span(row, ignore=None)
        elif table == "entity_forms":
            owner = invariants.form_owner(self.db, row["form"])
            if owner is not None:
                raise self.refuse(f"{row['form']!r} is now a spelling of entity {owner[0]} "
                                  f"{owner[1]!r}")
        _insert(self.db, table, row)

    def delete(self, table: str, row: dict[str, Any]) -> None:
        key = _key_of(table, row)
        current = _fetch(self.db, table, key)
        if table in SET_TABLES:
            if not _same(current, row):
                return  # gone already, or someone else's row now
            if table == "entity_forms" and self.form_in_use(row["entity_id"], row["form"]):
                return  # a span linked to the entity is still written so
        elif not _same(current, row):
            raise self.stale(table, key)
        if table == "entities":
            self.check_entity_unused(row["id"])
        _delete(self.db, table, key)

    def update(self, table: str, change: dict[str, Any]) -> None:
        key, before, after = change["key"], change["before"], change["after"]
        current = _fetch(self.db, table, key)
        if current is not None and all(current[c] == v for c, v in after.items()):
            return  # already as wanted
        if current is None or any(current[c] != v for c, v in before.items()):
            if change.get("soft"):
                return  # a side effect that no longer applies
            raise self.stale(table, key)
        if change.get("soft") and after.get("status") == "new" and (
                table == "documents" and invariants.has_accepted_spans(self.db, key["seq"])
                or table == "assignments" and invariants.has_accepted_spans(
                    self.db, key["doc_seq"], key["annotator"])):
            return  # spans still there keep the document in progress
        if table == "spans":
            self.check_span({**current, **after}, ignore=key["id"])
        _set(self.db, table, key, after)

    def check_span(self, row: dict[str, Any], ignore: int | None) -> None:
        clash = invariants.clashing_span(self.db, row["doc_seq"], row["start_char"],
                                         row["end_char"], row["label"],
                                         layer=row.get("layer", "gold"), ignore=ignore)
        if clash is not None:
            raise self.refuse(f"[{row['start_char']}, {row['end_char']}) would overlap "
                              f"{invariants.describe_span(clash)}")
        entity = row.get("entity_id")
        if entity is not None and _fetch(self.db, "entities", {"id": entity}) is None:
            later = self.later_change(lambda c: c["table"] == "entities"
                                      and _change_key(c) == {"id": entity})
            raise self.refuse(f"its entity {entity} was removed since"
                              + (f" by {later}" if later else ""))

    def check_entity_unused(self, entity_id: int) -> None:
        span = self.db.execute("SELECT id FROM spans WHERE entity_id = ? LIMIT 1",
                                 (entity_id,)).fetchone()
        if span is not None:
            later = self.later_change(
                lambda c: c["table"] == "spans" and (c.get("after") or c.get("row") or {}
                                                     ).get("entity_id") == entity_id)
            raise self.refuse("spans were linked to the entity since"
                              + (f" ({later})" if later else ""))
        form = self.db.execute("SELECT form FROM entity_forms WHERE entity_id = ? LIMIT 1",
                                 (entity_id,)).fetchone()
        if form is not None:
            later = self.later_change(lambda c: c["table"] == "entity_forms"
                                      and (c.get("row") or {}).get("entity_id") == entity_id)
            raise self.refuse(f"the spelling {form[0]!r} was added to the entity since"
                              + (f" by {later}" if later else ""))


def _replay(db: Database, changes: list[dict[str, Any]], entry: Any,
            verb: str) -> None:
    replay = _Replay(db, entry, verb, changes)
    # Side effects last: whether a document is still in progress depends on the spans.
    ordered = [c for c in changes if not c.get("soft")] + [c for c in changes if c.get("soft")]
    try:
        for change in ordered:
            replay.apply(change)
    except integrity_errors() as error:
        raise replay.refuse(f"it conflicts with what is stored now ({error})") from None
    except Conflict as error:
        if isinstance(error, UndoRefused):
            raise
        raise replay.refuse(str(error)) from None


_ROW_NAMES = {"spans": "span", "entities": "entity", "labels": "label",
              "documents": "document", "entity_forms": "spelling",
              "assignments": "assignment"}


def _change_key(change: dict[str, Any]) -> dict[str, Any]:
    if "key" in change:
        return change["key"]
    return _key_of(change["table"], change["row"])


def _same(current: dict[str, Any] | None, recorded: dict[str, Any]) -> bool:
    """The stored row still looks as recorded (columns added since, which an old entry does
    not name, do not count)."""
    return current is not None and all(current.get(k) == v for k, v in recorded.items())


def _key_of(table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {column: row[column] if column in row else KEY_DEFAULTS[column]
            for column in TABLE_KEYS[table]}


def _where(key: dict[str, Any]) -> str:
    return " AND ".join(f"{column} = ?" for column in key)


def _fetch(db: Database, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    row = db.execute(f"SELECT * FROM {table} WHERE {_where(key)}", tuple(key.values()))
    found = row.fetchone()
    return dict(found) if found is not None else None


def _insert(db: Database, table: str, row: dict[str, Any]) -> None:
    db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                 tuple(row.values()))


def _set(db: Database, table: str, key: dict[str, Any], values: dict[str, Any]):
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.execute(
        f"UPDATE {table} SET {assignments} WHERE {_where(key)}",
        (*values.values(), *key.values()),
    )


def _delete(db: Database, table: str, key: dict[str, Any]) -> None:
    db.execute(f"DELETE FROM {table} WHERE {_where(key)}", tuple(key.values()))
