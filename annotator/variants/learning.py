"""What a project's decisions teach the ranking.

Each explanation rests on a set of rules (j ~ zh, о for а, a vowel dropped ...): its
signature. Accepted groups and rejected pairs count for the signatures they used and for
each rule in them:

- the score of a later suggestion is multiplied by the geometric mean of its rules'
  weights, so suggestions resting on rules the linguist accepted move up, those on rules
  they rejected move down (a gentle prior: one decision moves a rule by a sixth);
- its tier moves when a decision had exactly its signature: a possible suggestion whose
  every explanation was accepted before rises to the confident tier, a confident one with
  an explanation rejected twice more often than accepted falls to the possible tier. One rule
  alone is no reason: rejecting Karimov / Karimova (a vowel added at the end) must not
  demote every pair that adds a vowel somewhere.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.variants.explain import Explanation, Step, explain

# Rules every pair of spellings uses that say nothing about romanization.
_NEUTRAL = ("capitalisation", "written joined, hyphenated or as separate words")
PRIOR = 2  # decisions' worth of neutral belief in every rule
DEMOTE_AFTER = 2  # net rejections of a signature that move a suggestion out of the confident tier


def rule_of(step: Step) -> str | None:
    """The alternation a step applies, the same whichever way it is read."""
    if step.why in _NEUTRAL:
        return None
    a, b = sorted((step.a, step.b))
    return f"{a or '∅'}~{b or '∅'}"


def signature(explanation: Explanation) -> frozenset[str]:
    return frozenset(rule for step in explanation.steps if (rule := rule_of(step)) is not None)


@dataclass
class RuleWeights:
    accepted: Counter = field(default_factory=Counter)  # rule -> decisions
    rejected: Counter = field(default_factory=Counter)
    accepted_signatures: Counter = field(default_factory=Counter)
    rejected_signatures: Counter = field(default_factory=Counter)

    @classmethod
    def from_decisions(cls, groups: Iterable[Sequence[str]],
                       rejected: Iterable[Iterable[str]]) -> RuleWeights:
        """`groups`: spellings recorded as one entity (the first the canonical);
        `rejected`: pairs said not to be variants."""
        weights = cls()
        for forms in groups:
            for form in forms[1:]:
                weights._count(explain(form, forms[0]), weights.accepted,
                               weights.accepted_signatures)
        for pair in rejected:
            a, b = sorted(pair)
            weights._count(explain(a, b), weights.rejected, weights.rejected_signatures)
        return weights

    @staticmethod
    def _count(explanation: Explanation, rules: Counter, signatures: Counter) -> None:
        used = signature(explanation)
        if used:
            rules.update(used)
            signatures[used] += 1

    def __bool__(self) -> bool:
        return bool(self.accepted or self.rejected)

    def weight(self, rule: str) -> float:
        """1.0 undecided; above when accepted more often than rejected, below otherwise."""
        accepted, rejected = self.accepted[rule], self.rejected[rule]
        return (accepted + PRIOR) / (accepted + rejected + 2 * PRIOR) * 2

    def factor(self, explanations: Iterable[Explanation]) -> float:
        """What the decisions make of a suggestion's score."""
        rules = {rule for e in explanations for rule in signature(e)}
        if not rules:
            return 1.0
        return math.exp(sum(math.log(self.weight(rule)) for rule in rules) / len(rules))

    def verdicts(self, explanations: Sequence[Explanation]) -> tuple[bool, bool]:
        """(every explanation's signature was accepted more often than rejected, some
        explanation's signature was rejected at least DEMOTE_AFTER times more often than
        accepted). Demoting takes more: the confident tier is the precise one, and one
        rejection of a pair with the same rules may concern another word (Kazakhstani, an
        adjective, is not Kazakhstan; its rules are those of a true variant)."""
        balances = [self.accepted_signatures[s] - self.rejected_signatures[s]
                    for s in map(signature, explanations) if s]
        return (bool(balances) and all(b > 0 for b in balances),
                any(b <= -DEMOTE_AFTER for b in balances))
