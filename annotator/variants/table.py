"""Rows of the variant table linguists review: each entity with all its spellings."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.models import Entity


@dataclass
class FormUse:
    form: str
    count: int = 0
    documents: set[str] = field(default_factory=set)
    contexts: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class VariantRow:
    entity: Entity
    forms: list[FormUse]

    @property
    def count(self) -> int:
        return sum(f.count for f in self.forms)

    @property
    def documents(self) -> list[str]:
        return sorted(set().union(*(f.documents for f in self.forms))) if self.forms else []

    def as_dict(self) -> dict:
        return {
            "id": self.entity.id, "canonical": self.entity.canonical, "type": self.entity.label,
            "count": self.count, "documents": self.documents,
            "forms": [{"form": f.form, "count": f.count, "documents": len(f.documents),
                       "contexts": [{"doc_id": c[0], "left": c[1], "form": c[2], "right": c[3]}
                                    for c in f.contexts]} for f in self.forms],
            "cyrillic": self.entity.cyrillic, "note": self.entity.note,
        }
