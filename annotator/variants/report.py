"""Everything a linguist reviews about a project's variants, in one value: the accepted
entities with every spelling and its contexts, the titles and dates of the documents those
come from, the pending suggestions, the rejected pairs, and Cyrillic proposals."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.variants.cyrillic import CyrillicProposal
from annotator.variants.explain import explain
from annotator.variants.suggest import Suggestion
from annotator.variants.table import VariantRow


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str = ""
    date: str = ""

    @property
    def name(self) -> str:
        """How a reader knows the document: its title (and date), else its id."""
        title = self.title or self.id
        return f"{title} ({self.date})" if self.date else title


@dataclass(frozen=True)
class RejectedPair:
    form_a: str
    form_b: str
    annotator: str
    at: str


@dataclass
class VariantReport:
    rows: list[VariantRow]
    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    pending: list[Suggestion] = field(default_factory=list)
    rejected: list[RejectedPair] = field(default_factory=list)
    proposals: dict[int, list[CyrillicProposal]] = field(default_factory=dict)  # by entity

    def document(self, doc_id: str) -> DocumentInfo:
        return self.documents.get(doc_id) or DocumentInfo(doc_id)


def spelling_rule(form: str, canonical: str) -> str:
    """Why `form` is written as it is, against the canonical spelling: the rules of the
    cheapest explanation, each with the romanization systems behind it."""
    if form == canonical:
        return "canonical"
    explanation = explain(form, canonical)
    return "; ".join(step.describe() for step in explanation.steps) or "same spelling"
