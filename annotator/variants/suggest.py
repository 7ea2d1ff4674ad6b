"""Variant suggestions: clusters of forms with a canonical form, a score and explanations."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.variants.candidates import FormStats
from annotator.variants.cluster import cluster
from annotator.variants.explain import Explanation, Step, explain
from annotator.variants.learning import RuleWeights
from annotator.variants.possible import possible_pairs

CONFIDENT, POSSIBLE = "confident", "possible"


@dataclass
class Suggestion:
    canonical: str
    variants: list[str]
    score: float
    explanations: list[Explanation]
    forms: list[FormStats]
    entity_ids: list[int] = field(default_factory=list)
    # "confident": the spellings share a key of the romanization rules; "possible": a
    # lower-scored candidate a linguist reviews last.
    tier: str = CONFIDENT
    # Set when the spellings are tagged with different labels (a TV channel that shares a
    # spelling with the country): such a cluster is never offered as confident.
    homonym: str = ""

    @property
    def id(self) -> str:
        """Stable while the cluster holds the same spellings (case aside): what
        `variants accept ID` and `variants reject ID` name."""
        spellings = "\x1f".join(sorted({v.casefold() for v in self.variants}))
        return "s" + hashlib.sha256(spellings.encode("utf-8")).hexdigest()[:8]

    def to_record(self, whys: dict[str, int]) -> list:
        """Everything it holds but the documents' ids, as JSON values (suggestion_cache);
        the reasons of the steps, long and repeated, as numbers into `whys` (filled)."""
        return [self.canonical, self.variants, self.score, self.tier, self.homonym,
                self.entity_ids,
                [[e.a, e.b, e.score, [[s.a, s.b, whys.setdefault(s.why, len(whys))]
                                      for s in e.steps]]
                 for e in self.explanations],
                [[f.form, f.count, f.documents_total, f.inside_sentence, f.tokens]
                 for f in self.forms]]

    @classmethod
    def from_record(cls, record: list, whys: list[str]) -> Suggestion:
        canonical, variants, score, tier, homonym, entity_ids, explanations, forms = record
        new = tuple.__new__  # skips the NamedTuples' Python-level constructors
        return cls(canonical, variants, score,
                   [new(Explanation, (a, b, value, tuple(new(Step, (x, y, whys[why]))
                                                         for x, y, why in steps)))
                    for a, b, value, steps in explanations],
                   [FormStats(form, count, inside_sentence=inside, tokens=tokens,
                              document_count=documents)
                    for form, count, documents, inside, tokens in forms],
                   entity_ids, tier, homonym)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "canonical": self.canonical,
            "variants": self.variants,
            "score": round(self.score, 3),
            "explanations": [e.as_dict() for e in self.explanations],
            "forms": [{"form": f.form, "count": f.count, "documents": f.documents_total}
                      for f in self.forms],
            "entity_ids": self.entity_ids,
            "tier": self.tier,
            "homonym": self.homonym,
        }


def suggest(
    stats: dict[str, FormStats],
    rejected: Iterable[frozenset[str]] = (),
    entity_of_form: dict[str, int] | None = None,
    canonical_of_entity: dict[int, str] | None = None,
    *,
    weights: RuleWeights | None = None,
    labels_of_form: dict[str, Counter] | None = None,
    possible: bool = False,
) -> list[Suggestion]:
    """Suggestions for the mined forms: the confident tier by score, then (with `possible`)
    the possible tier by score. Clusters that only repeat a difference already suggested
    for a shorter name (Roman Vasilenko / Roman Vassilenko beside Vasilenko / Vassilenko)
    and clusters already recorded as one entity are left out. `weights`: what the
    project's decisions taught (learning.py); `labels_of_form`: the labels each spelling
    is tagged with, to flag homonyms."""
    entity_of_form = entity_of_form or {}
    canonical_of_entity = canonical_of_entity or {}
    weights = weights or RuleWeights()
    labels_of_form = labels_of_form or {}
    weight = {form: s.count for form, s in stats.items()}
    rejected = {pair for pair in rejected if len(pair) == 2}
    clusters = cluster(list(stats), rejected, weight,
                       {form: s.key for form, s in stats.items() if s.key})
    single = {form: i for i, c in enumerate(clusters) for form in c if " " not in form}
    groups = [(forms, CONFIDENT) for forms in clusters
              if not _implied_by_single_tokens(forms, single)
              and not _differ_by_rejected_words(forms, rejected)]
    if possible:
        ordered = sorted(stats, key=lambda f: (-weight[f], f))
        groups += [([e.b, e.a], POSSIBLE) for e in possible_pairs(ordered, clusters, rejected)]
    suggestions = []
    for forms, tier in groups:
        found = _suggestion(forms, stats, weight, entity_of_form, canonical_of_entity, tier)
        if found is not None:
            suggestions.append(found)
    for suggestion in suggestions:
        _rank(suggestion, weights, labels_of_form)
    if not possible:  # demoted ones too
        suggestions = [s for s in suggestions if s.tier == CONFIDENT]
    # By the score as shown (two decimals), then the most frequent first.
    suggestions.sort(key=lambda s: (s.tier != CONFIDENT, -round(s.score, 2),
                                    -sum(f.count for f in s.forms), s.canonical))
    return suggestions


def _suggestion(forms: list[str], stats: dict[str, FormStats], weight: dict[str, int],
                entity_of_form: dict[str, int], canonical_of_entity: dict[int, str],
                tier: str = CONFIDENT) -> Suggestion | None:
    entity_ids = sorted({entity_of_form[f] for f in forms if f in entity_of_form})
    if len(entity_ids) == 1 and all(f in entity_of_form for f in forms):
        return None
    canonical = (canonical_of_entity.get(entity_ids[0]) if entity_ids else None) or \
        _most_frequent(forms, stats)
    variants = sorted(forms, key=lambda f: (f != canonical, -weight[f], f))
    explanations = [explain(f, canonical) for f in variants if f != canonical]
    score = sum(e.score for e in explanations) / len(explanations) if explanations else 1.0
    return Suggestion(canonical, variants, score, explanations, [stats[f] for f in variants],
                      entity_ids, tier)


def _rank(suggestion: Suggestion, weights: RuleWeights,
          labels_of_form: dict[str, Counter]) -> None:
    """The score the project's decisions give it, its tier, and a homonym flag."""
    if weights:
        suggestion.score = min(1.0, suggestion.score * weights.factor(suggestion.explanations))
        accepted, rejected = weights.verdicts(suggestion.explanations)
        if suggestion.tier == CONFIDENT and rejected:
            suggestion.tier = POSSIBLE
        elif suggestion.tier == POSSIBLE and accepted:
            suggestion.tier = CONFIDENT
    suggestion.homonym = homonym_note(labels_of_form, suggestion.variants)
    if suggestion.homonym:
        suggestion.tier = POSSIBLE


def _most_frequent(forms: list[str], stats: dict[str, FormStats]) -> str:
    return min(forms, key=lambda f: (-stats[f].count, f.isupper(), -stats[f].documents_total, f))


def _differing_words(forms: list[str]) -> list[set[str]] | None:
    """For names of two or more words, all as long: the words written at each position
    where they differ (None for other clusters)."""
    split = [f.split() for f in forms]
    size = len(split[0])
    if size < 2 or any(len(words) != size for words in split):
        return None
    positions = ({s[position] for s in split} for position in range(size))
    return [words for words in positions if len(words) > 1]


def _implied_by_single_tokens(forms: list[str], single: dict[str, int]) -> bool:
    """Every position where the names differ holds words of one single-word cluster."""
    differing = _differing_words(forms)
    if differing is None:
        return False
    for words in differing:
        clusters = {single.get(w) for w in words}
        if None in clusters or len(clusters) != 1:
            return False
    return True


def _differ_by_rejected_words(forms: list[str], rejected: set[frozenset[str]]) -> bool:
    """Names of several words that differ where a linguist said two words are different
    names (The Majilis / The Mazhilis once Majilis / Mazhilis is rejected)."""
    differing = _differing_words(forms) or []
    return any(frozenset((a, b)) in rejected
               for words in differing for a in words for b in words if a < b)


def homonym_note(labels_of_form: dict[str, Counter], forms: Iterable[str]) -> str:
    """"tagged as Qazaqstan: ORG 1; Kazakhstan: LOC 3" when the spellings are tagged with
    different labels (a TV channel that shares a spelling with the country), else ""."""
    tagged = {form: labels_of_form[form] for form in dict.fromkeys(forms)
              if labels_of_form.get(form)}
    if len({label for counts in tagged.values() for label in counts}) < 2:
        return ""
    return "tagged as " + "; ".join(
        f"{form}: " + ", ".join(f"{label} {n}" for label, n in counts.most_common())
        for form, counts in tagged.items())
