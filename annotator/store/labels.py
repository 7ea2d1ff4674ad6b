"""The project's label set: reading it and changing it through a Recorder."""

from __future__ import annotations

from pydantic import ValidationError

from annotator.core.errors import Conflict, InvalidValue, NotFound
from annotator.core.models import Label, LabelSet
from annotator.store.backends.base import Database
from annotator.store.history import Recorder

_PALETTE = ["#e45756", "#4c78a8", "#54a24b", "#b279a2", "#f58518", "#72b7b2", "#eeca3b",
            "#ff9da6", "#9d755d", "#bab0ac"]
_KEYS = "1234567890"


def load(db: Database) -> LabelSet:
    rows = db.execute("SELECT name, key, color FROM labels ORDER BY position, name")
    return LabelSet(labels=[Label(name=r[0], key=r[1], color=r[2]) for r in rows])


def add(change: Recorder, name: str, *, key: str | None = None, color: str | None = None) -> Label:
    current = load(change.db)
    if name in current.names():
        raise Conflict(f"label {name!r} exists already")
    used_keys = {label.key for label in current.labels}
    if key is None:
        key = next((k for k in _KEYS if k not in used_keys), None)
    elif key in used_keys:
        raise Conflict(f"key {key!r} is taken by another label")
    label = _valid(name=name, key=key, color=color or _PALETTE[len(current.labels) % len(_PALETTE)])
    position = change.db.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM labels").fetchone()[0]
    change.insert("labels", {"name": label.name, "key": label.key, "color": label.color,
                             "position": position})
    return label


def update(
    change: Recorder, name: str, *, new_name: str | None, key: str | None, color: str | None
) -> Label:
    existing = {label.name: label for label in load(change.db).labels}
    if name not in existing:
        raise NotFound(f"no label {name!r}")
    old = existing[name]
    label = _valid(name=new_name or name, key=key if key is not None else old.key,
                   color=color or old.color)
    if label.name != name and label.name in existing:
        raise Conflict(f"label {label.name!r} exists already")
    if label.key != old.key and any(x.key == label.key for x in existing.values()):
        raise Conflict(f"key {label.key!r} is taken by another label")
    # Renaming cascades to spans and entities in SQLite (ON UPDATE CASCADE); undo renames back.
    change.update("labels", {"name": name}, {"name": label.name, "key": label.key,
                                             "color": label.color})
    return label


def remove(change: Recorder, name: str) -> None:
    used = change.db.execute("SELECT count(*) FROM spans WHERE label = ?", (name,)).fetchone()[0]
    if used:
        raise Conflict(f"label {name!r} is used by {used} span(s); relabel or remove them first")
    typed = change.db.execute(
        "SELECT count(*) FROM entities WHERE label = ?", (name,)).fetchone()[0]
    if typed:
        raise Conflict(f"label {name!r} is the type of {typed} entit(y/ies)")
    change.delete("labels", {"name": name})


def _valid(name: str, key: str | None, color: str) -> Label:
    try:
        return Label(name=name, key=key, color=color)
    except ValidationError as error:
        raise InvalidValue("; ".join(e["msg"] for e in error.errors())) from None


def require(db: Database, label: str) -> None:
    if db.one("SELECT 1 FROM labels WHERE name = ?", (label,)) is None:
        known = ", ".join(load(db).names())
        raise InvalidValue(f"unknown label {label!r} (known: {known})")
