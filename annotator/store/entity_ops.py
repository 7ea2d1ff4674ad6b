"""Entities (variant groups): create, rename, merge, split, and their forms."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from annotator.core.errors import Conflict, InvalidValue, NotFound
from annotator.core.models import LANGUAGES_CYRILLIC, Entity
from annotator.core.scripts import is_cyrillic_name
from annotator.store import invariants
from annotator.store.base import ProjectBase, now
from annotator.store.history import Recorder


class EntityOps(ProjectBase):
    def create_entity(
        self, canonical: str, *, label: str | None = None, forms: Iterable[str] = (),
        note: str | None = None,
    ) -> Entity:
        """A new entity. Its forms may not be spellings of another entity (Conflict); the
        canonical form joins its forms unless another entity has that spelling."""
        if not canonical.strip():
            raise InvalidValue("an entity needs a canonical form")
        with self._action(f"create entity {canonical!r}") as change:
            if label is not None:
                self._require_label(label)
            entity_id = self._create_entity(change, canonical, label, forms, note)
        return self.entity(entity_id)

    def entity(self, entity_id: int) -> Entity:
        row = self._conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no entity {entity_id}")
        return self._entity(row)

    def entities(self) -> list[Entity]:
        rows = self._conn.execute("SELECT * FROM entities ORDER BY canonical, id").fetchall()
        return [self._entity(row) for row in rows]

    def find_entity(self, name: str) -> Entity:
        """An entity by id ("12"), canonical form, or any of its forms."""
        if name.isdigit():
            return self.entity(int(name))
        row = self._conn.execute(
            "SELECT * FROM entities WHERE canonical = ? UNION SELECT e.* FROM entities e "
            "JOIN entity_forms f ON f.entity_id = e.id WHERE f.form = ? LIMIT 2", (name, name),
        ).fetchall()
        if not row:
            raise NotFound(f"no entity named {name!r}")
        if len(row) > 1:
            raise InvalidValue(f"{name!r} names {len(row)} entities; use the entity id")
        return self._entity(row[0])

    def entity_id(self, name: str) -> int:
        """The id of the entity `find_entity` finds."""
        entity_id = self.find_entity(name).id
        assert entity_id is not None
        return entity_id

    def entity_of_forms(self) -> dict[str, int]:
        return {form: entity_id for entity_id, form in
                self._conn.execute("SELECT entity_id, form FROM entity_forms")}

    def rename_entity(self, entity_id: int, canonical: str) -> Entity:
        if not canonical.strip():
            raise InvalidValue("an entity needs a canonical form")
        with self._action("rename entity") as change:
            old = self.entity(entity_id).canonical
            change.name = f"rename entity {old!r} -> {canonical!r}"
            change.update("entities", {"id": entity_id}, {"canonical": canonical})
        return self.entity(entity_id)

    def set_cyrillic_forms(self, entity_id: int, lang: str, forms: Iterable[str]) -> Entity:
        if lang not in LANGUAGES_CYRILLIC:
            raise InvalidValue(f"Cyrillic forms are kept for {', '.join(LANGUAGES_CYRILLIC)}")
        wanted = list(dict.fromkeys(f.strip() for f in forms if f.strip()))
        for form in wanted:
            if not is_cyrillic_name(form):
                raise InvalidValue(f"{form!r} is not written in Cyrillic letters")
        with self._action(f"{lang} forms") as change:
            entity = self.entity(entity_id)
            change.name = f"{lang} forms of {entity.canonical!r}"
            current = entity.cyrillic.get(lang, [])
            for form in current:
                if form not in wanted:
                    change.delete("entity_cyrillic",
                                  {"entity_id": entity_id, "lang": lang, "form": form})
            for form in wanted:
                if form not in current:
                    change.insert("entity_cyrillic",
                                  {"entity_id": entity_id, "lang": lang, "form": form})
        return self.entity(entity_id)

    def merge_entities(self, target_id: int, other_id: int) -> Entity:
        """Fold `other` into `target`: its forms, Cyrillic forms and spans move over."""
        if target_id == other_id:
            raise InvalidValue("an entity cannot be merged with itself")
        with self._action("merge entities") as change:
            target, other = self.entity(target_id), self.entity(other_id)
            change.name = f"merge {other.canonical!r} into {target.canonical!r}"
            self._merge(change, target_id, other)
        return self.entity(target_id)

    def _merge(self, change: Recorder, target_id: int, other: Entity) -> None:
        target, other_id = self.entity(target_id), other.id
        assert other_id is not None
        self._move_forms(change, other_id, target_id, other.forms, target.forms)
        for lang, forms in other.cyrillic.items():
            for form in forms:
                key = {"entity_id": other_id, "lang": lang, "form": form}
                change.delete("entity_cyrillic", key)
                if form not in target.cyrillic.get(lang, []):
                    change.insert("entity_cyrillic",
                                  {"entity_id": target_id, "lang": lang, "form": form})
        for (span_id,) in self._conn.execute(
                "SELECT id FROM spans WHERE entity_id = ?", (other_id,)).fetchall():
            change.update("spans", {"id": span_id}, {"entity_id": target_id})
        change.delete("entities", {"id": other_id})

    def split_entity(self, entity_id: int, forms: Iterable[str], canonical: str | None = None
                     ) -> Entity:
        """Move `forms` (and the spans written so) out of an entity into a new one."""
        moving = list(dict.fromkeys(forms))
        with self._action("split entity") as change:
            entity = self.entity(entity_id)
            change.name = f"split {', '.join(moving)} off {entity.canonical!r}"
            new_id = self._split(change, entity, moving, canonical)
        return self.entity(new_id)

    def _split(self, change: Recorder, entity: Entity, moving: list[str],
               canonical: str | None) -> int:
        missing = [f for f in moving if f not in entity.forms]
        if missing:
            raise InvalidValue(f"{', '.join(missing)} not among the forms of {entity.canonical!r}")
        if len(moving) == len(entity.forms):
            raise InvalidValue("splitting off every form would leave an empty entity")
        assert entity.id is not None
        new_id = self._insert_entity(change, canonical or moving[0], entity.label, None)
        self._move_forms(change, entity.id, new_id, moving, [])
        for span_id, surface in self._linked_spans(entity.id):
            if surface in moving:
                change.update("spans", {"id": span_id}, {"entity_id": new_id})
        if entity.canonical in moving:
            remaining = [f for f in entity.forms if f not in moving]
            change.update("entities", {"id": entity.id}, {"canonical": remaining[0]})
        return new_id

    def _create_entity(self, change: Recorder, canonical: str, label: str | None,
                       forms: Iterable[str], note: str | None = None) -> int:
        """Insert an entity with its canonical form (unless another entity has that
        spelling) and `forms` (each refused if another entity has it)."""
        forms = list(dict.fromkeys(forms))
        for form in forms:
            self._refuse_taken(form)
        entity_id = self._insert_entity(change, canonical, label, note)
        for form in dict.fromkeys([canonical, *forms]):
            if invariants.form_owner(self._conn, form) is None:
                change.insert("entity_forms", {"entity_id": entity_id, "form": form})
        return entity_id

    def _add_forms(self, change: Recorder, entity: Entity, forms: Iterable[str]) -> None:
        for form in forms:
            if form not in entity.forms:
                self._refuse_taken(form)
                change.insert("entity_forms", {"entity_id": entity.id, "form": form})

    def _refuse_taken(self, form: str) -> None:
        owner = invariants.form_owner(self._conn, form)
        if owner is not None:
            raise Conflict(f"{form!r} is already a spelling of entity {owner[0]} {owner[1]!r} "
                           "(a spelling belongs to one entity: merge the two, or split it off "
                           "first)")

    def _insert_entity(
        self, change: Recorder, canonical: str, label: str | None, note: str | None
    ) -> int:
        return change.insert("entities", {
            "canonical": canonical, "label": label, "note": note,
            "created_by": self.annotator, "created_at": now(),
        })

    def _move_forms(self, change: Recorder, source: int, target: int, forms: Iterable[str],
                    already: list[str]) -> None:
        for form in forms:
            change.delete("entity_forms", {"entity_id": source, "form": form})
            if form not in already:
                change.insert("entity_forms", {"entity_id": target, "form": form})

    def _linked_spans(self, entity_id: int) -> list[tuple[int, str]]:
        rows = self._conn.execute(
            "SELECT s.id, substr(d.text, s.start_char + 1, s.end_char - s.start_char) "
            "FROM spans s JOIN documents d ON d.seq = s.doc_seq WHERE s.entity_id = ?",
            (entity_id,))
        return [(r[0], r[1]) for r in rows]

    def _entity(self, row: sqlite3.Row) -> Entity:
        forms = [r[0] for r in self._conn.execute(
            "SELECT form FROM entity_forms WHERE entity_id = ? ORDER BY form", (row["id"],))]
        cyrillic: dict[str, list[str]] = {}
        for lang, form in self._conn.execute(
            "SELECT lang, form FROM entity_cyrillic WHERE entity_id = ? ORDER BY lang, form",
            (row["id"],),
        ):
            cyrillic.setdefault(lang, []).append(form)
        return Entity(
            id=row["id"], canonical=row["canonical"], label=row["label"], forms=forms,
            cyrillic=cyrillic, note=row["note"],
        )
