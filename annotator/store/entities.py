"""Entities (variant groups): create, rename, merge, split, their spellings and Cyrillic
forms. A spelling belongs to at most one entity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.errors import Conflict, InvalidValue, NotFound
from annotator.core.models import LANGUAGES_CYRILLIC, Entity
from annotator.core.scripts import is_cyrillic_name
from annotator.store import invariants, labels
from annotator.store.backends.base import Database
from annotator.store.history import Recorder


def get(db: Database, entity_id: int) -> Entity:
    found = db.one("SELECT * FROM entities WHERE id = ?", (entity_id,))
    if found is None:
        raise NotFound(f"no entity {entity_id}")
    return _entity(db, found)


def every(db: Database) -> list[Entity]:
    return [_entity(db, found)
            for found in db.rows("SELECT * FROM entities ORDER BY canonical, id")]


def find(db: Database, name: str) -> Entity:
    """An entity by id ("12"), canonical form, or any of its forms."""
    if name.isdigit():
        return get(db, int(name))
    found = db.rows(
        "SELECT * FROM entities WHERE canonical = ? UNION SELECT e.* FROM entities e "
        "JOIN entity_forms f ON f.entity_id = e.id WHERE f.form = ? LIMIT 2", (name, name))
    if not found:
        raise NotFound(f"no entity named {name!r}")
    if len(found) > 1:
        raise InvalidValue(f"{name!r} names {len(found)} entities; use the entity id")
    return _entity(db, found[0])


def of_forms(db: Database) -> dict[str, int]:
    return {form: entity_id for entity_id, form in
            db.rows("SELECT entity_id, form FROM entity_forms")}


def create(change: Recorder, canonical: str, label: str | None, forms: Iterable[str],
           note: str | None = None) -> int:
    """A new entity with its canonical form (unless another entity has that spelling) and
    `forms` (each refused if another entity has it)."""
    if not canonical.strip():
        raise InvalidValue("an entity needs a canonical form")
    if label is not None:
        labels.require(change.db, label)
    forms = list(dict.fromkeys(forms))
    for form in forms:
        _refuse_taken(change.db, form)
    entity_id = _insert(change, canonical, label, note)
    for form in dict.fromkeys([canonical, *forms]):
        if invariants.form_owner(change.db, form) is None:
            change.insert("entity_forms", {"entity_id": entity_id, "form": form})
    return entity_id


def rename(change: Recorder, entity_id: int, canonical: str) -> None:
    if not canonical.strip():
        raise InvalidValue("an entity needs a canonical form")
    old = get(change.db, entity_id).canonical
    change.name = f"rename entity {old!r} -> {canonical!r}"
    change.update("entities", {"id": entity_id}, {"canonical": canonical})


def set_type(change: Recorder, entity_id: int, label: str | None) -> None:
    """The entity's type: a label of the project, or none."""
    if label is not None:
        labels.require(change.db, label)
    entity = get(change.db, entity_id)
    change.name = f"type entity {entity.canonical!r} {label or 'none'}"
    change.update("entities", {"id": entity_id}, {"label": label})


def set_cyrillic(change: Recorder, entity_id: int, lang: str, forms: Iterable[str]) -> None:
    if lang not in LANGUAGES_CYRILLIC:
        raise InvalidValue(f"Cyrillic forms are kept for {', '.join(LANGUAGES_CYRILLIC)}")
    wanted = list(dict.fromkeys(f.strip() for f in forms if f.strip()))
    for form in wanted:
        if not is_cyrillic_name(form):
            raise InvalidValue(f"{form!r} is not written in Cyrillic letters")
    entity = get(change.db, entity_id)
    change.name = f"{lang} forms of {entity.canonical!r}"
    current = entity.cyrillic.get(lang, [])
    for form in current:
        if form not in wanted:
            change.delete("entity_cyrillic", {"entity_id": entity_id, "lang": lang, "form": form})
    for form in wanted:
        if form not in current:
            change.insert("entity_cyrillic", {"entity_id": entity_id, "lang": lang, "form": form})


def merge(change: Recorder, target_id: int, other_id: int) -> None:
    """Fold `other` into `target`: its forms, Cyrillic forms and spans move over."""
    if target_id == other_id:
        raise InvalidValue("an entity cannot be merged with itself")
    db = change.db
    target, other = get(db, target_id), get(db, other_id)
    change.name = f"merge {other.canonical!r} into {target.canonical!r}"
    _move_forms(change, other_id, target_id, other.forms, target.forms)
    for lang, forms in other.cyrillic.items():
        for form in forms:
            change.delete("entity_cyrillic", {"entity_id": other_id, "lang": lang, "form": form})
            if form not in target.cyrillic.get(lang, []):
                change.insert("entity_cyrillic",
                              {"entity_id": target_id, "lang": lang, "form": form})
    for (span_id,) in db.rows("SELECT id FROM spans WHERE entity_id = ?", (other_id,)):
        change.update("spans", {"id": span_id}, {"entity_id": target_id})
    change.delete("entities", {"id": other_id})


def split(change: Recorder, entity_id: int, forms: Iterable[str],
          canonical: str | None = None) -> int:
    """Move `forms` (and the spans written so) out of an entity into a new one; its id."""
    moving = list(dict.fromkeys(forms))
    entity = get(change.db, entity_id)
    missing = [f for f in moving if f not in entity.forms]
    if missing:
        raise InvalidValue(f"{', '.join(missing)} not among the forms of {entity.canonical!r}")
    if len(moving) == len(entity.forms):
        raise InvalidValue("splitting off every form would leave an empty entity")
    change.name = f"split {', '.join(moving)} off {entity.canonical!r}"
    new_id = _insert(change, canonical or moving[0], entity.label, None)
    _move_forms(change, entity_id, new_id, moving, [])
    for span_id, surface in _linked_spans(change.db, entity_id):
        if surface in moving:
            change.update("spans", {"id": span_id}, {"entity_id": new_id})
    if entity.canonical in moving:
        remaining = [f for f in entity.forms if f not in moving]
        change.update("entities", {"id": entity_id}, {"canonical": remaining[0]})
    return new_id


def add_forms(change: Recorder, entity: Entity, forms: Iterable[str]) -> None:
    for form in forms:
        if form not in entity.forms:
            _refuse_taken(change.db, form)
            change.insert("entity_forms", {"entity_id": entity.id, "form": form})


def _refuse_taken(db: Database, form: str) -> None:
    owner = invariants.form_owner(db, form)
    if owner is not None:
        raise Conflict(f"{form!r} is already a spelling of entity {owner[0]} {owner[1]!r} "
                       "(a spelling belongs to one entity: merge the two, or split it off "
                       "first)")


def _insert(change: Recorder, canonical: str, label: str | None, note: str | None) -> int:
    return change.insert("entities", {
        "canonical": canonical, "label": label, "note": note,
        "created_by": change.annotator, "created_at": change.at,
    })


def _move_forms(change: Recorder, source: int, target: int, forms: Iterable[str],
                already: list[str]) -> None:
    for form in forms:
        change.delete("entity_forms", {"entity_id": source, "form": form})
        if form not in already:
            change.insert("entity_forms", {"entity_id": target, "form": form})


def _linked_spans(db: Database, entity_id: int) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in db.rows(
        "SELECT s.id, substr(d.text, s.start_char + 1, s.end_char - s.start_char) "
        "FROM spans s JOIN documents d ON d.seq = s.doc_seq WHERE s.entity_id = ?",
        (entity_id,))]


def _entity(db: Database, found: Any) -> Entity:
    forms = [r[0] for r in db.rows(
        "SELECT form FROM entity_forms WHERE entity_id = ? ORDER BY form", (found["id"],))]
    cyrillic: dict[str, list[str]] = {}
    for lang, form in db.rows(
            "SELECT lang, form FROM entity_cyrillic WHERE entity_id = ? ORDER BY lang, form",
            (found["id"],)):
        cyrillic.setdefault(lang, []).append(form)
    return Entity(id=found["id"], canonical=found["canonical"], label=found["label"],
                  forms=forms, cyrillic=cyrillic, note=found["note"])
