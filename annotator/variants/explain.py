"""Why two spellings are variants: the cheapest chain of known alternations between them.

A weighted alignment (edit distance) in which the steps the romanization schemes explain
are cheap (ж written zh or j, с doubled in the French style, Kazakh қ against Russian х)
and unexplained edits are dear. The chain found is the explanation a linguist reads; its
cost gives the score.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cache
from typing import NamedTuple

from annotator.variants.alternations import Alternation, alternations

VOWELS = set("aeiouyäöüūıáéíóúýàèìòùâêîôûëïāēīōå")
SEPARATORS = "- ‐‑–—"
COST_ALTERNATION = 0.15
COST_DOUBLING = 0.2
COST_VOWEL = 0.6
COST_MARK = 0.1
COST_UNEXPLAINED = 1.0
COST_CASE = 0.02
COST_SEPARATOR = 0.05
MARKS = set("'’ʼʹʺ\"`´")
BAND = 4


# NamedTuples: a project's kept suggestions are read back by the ten thousand.
class Step(NamedTuple):
    a: str
    b: str
    why: str

    def describe(self) -> str:
        return f"{self.a or '∅'} -> {self.b or '∅'}: {self.why}"


class Explanation(NamedTuple):
    a: str
    b: str
    score: float
    steps: tuple[Step, ...]

    @property
    def explained(self) -> bool:
        return not any(step.why.startswith("unexplained") for step in self.steps)

    def describe(self) -> str:
        if not self.steps:
            return f"{self.a} = {self.b}"
        return f"{self.a} -> {self.b}: " + "; ".join(step.describe() for step in self.steps)

    def as_dict(self) -> dict:
        return {"from": self.a, "to": self.b, "score": round(self.score, 3),
                "rules": [{"from": s.a, "to": s.b, "why": s.why} for s in self.steps],
                "text": self.describe()}


@cache
def _by_first_letter() -> dict[str, list[Alternation]]:
    table: dict[str, list[Alternation]] = defaultdict(list)
    for alternation in alternations():
        if alternation.a and alternation.b:
            table[alternation.a[0]].append(alternation)
    return table


@cache
def explain(a: str, b: str) -> Explanation:
    steps: list[Step] = []
    cost = 0.0
    if _case_differs(a, b):
        steps.append(Step(_case_shape(a), _case_shape(b), "capitalisation"))
        cost += COST_CASE
    joined_a, joined_b = _without_separators(a), _without_separators(b)
    if _separators(a) != _separators(b):
        steps.append(Step(_separators(a) or "joined", _separators(b) or "joined",
                          "written joined, hyphenated or as separate words"))
        cost += COST_SEPARATOR
    path_cost, path = _align(unicodedata.normalize("NFC", joined_a.lower()),
                             unicodedata.normalize("NFC", joined_b.lower()))
    steps += path
    cost += path_cost
    score = max(0.0, 1.0 - cost / max(len(joined_a), len(joined_b), 1))
    return Explanation(a, b, score, tuple(steps))


def _case_differs(a: str, b: str) -> bool:
    return a != b and (a.isupper() != b.isupper() or a.lower() == b.lower())


def _case_shape(form: str) -> str:
    if form.isupper():
        return "ALL CAPS"
    if form.islower():
        return "lower case"
    return "Capitalised" if form[:1].isupper() and form[1:].islower() else "Mixed Case"


def _separators(form: str) -> str:
    return "".join(" " if c == " " else "-" for c in form if c in SEPARATORS)


def _without_separators(form: str) -> str:
    return "".join(c for c in form if c not in SEPARATORS)


def _align(a: str, b: str) -> tuple[float, list[Step]]:
    """Cheapest path from a to b; O(len(a) * len(b) * alternations starting there).

    Written for speed (it explains every suggestion): the alternations that fit `a` at each
    position and the cost of dropping or adding each letter are found once, not per cell,
    and a step is only built for the path finally taken."""
    inf = float("inf")
    n, m = len(a), len(b)
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    # Where each cell was reached from, and how: None (a kept letter), an Alternation, or
    # a Step (a letter dropped, added or changed).
    back: list[list[tuple[int, int, object] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    table = _by_first_letter()
    fitting = [[alt for alt in table.get(a[i], ()) if a.startswith(alt.a, i)] for i in range(n)]
    dropped = [_deletion(a, i, "dropped") for i in range(n)]
    added = []
    for j in range(m):
        cost, step = _deletion(b, j, "added")
        added.append((cost, Step(step.b, step.a, step.why)))
    # Spellings of one name differ in length by a few letters at most: cells far from the
    # diagonal are left out (a path through them would cost too much to explain anything).
    band = abs(n - m) + BAND
    for i in range(n + 1):
        row = best[i]
        for j in range(max(0, i - band), min(m, i + band) + 1):
            here = row[j]
            if here == inf:
                continue
            if i < n:
                if j < m and a[i] == b[j] and here < best[i + 1][j + 1]:
                    best[i + 1][j + 1] = here
                    back[i + 1][j + 1] = (i, j, None)
                for alt in fitting[i]:
                    if b.startswith(alt.b, j):
                        ni, nj = i + len(alt.a), j + len(alt.b)
                        if here + COST_ALTERNATION < best[ni][nj]:
                            best[ni][nj] = here + COST_ALTERNATION
                            back[ni][nj] = (i, j, alt)
                cost, step = dropped[i]
                if here + cost < best[i + 1][j]:
                    best[i + 1][j] = here + cost
                    back[i + 1][j] = (i, j, step)
                if j < m and a[i] != b[j] and here + COST_UNEXPLAINED < best[i + 1][j + 1]:
                    best[i + 1][j + 1] = here + COST_UNEXPLAINED
                    back[i + 1][j + 1] = (i, j, Step(a[i], b[j], "unexplained"))
            if j < m:
                cost, step = added[j]
                if here + cost < row[j + 1]:
                    row[j + 1] = here + cost
                    back[i][j + 1] = (i, j, step)
    steps: list[Step] = []
    i, j = n, m
    while (i, j) != (0, 0):
        entry = back[i][j]
        assert entry is not None
        i, j, taken = entry
        if isinstance(taken, Alternation):
            steps.append(Step(taken.a, taken.b, taken.why))
        elif isinstance(taken, Step):
            steps.append(taken)
    return best[n][m], _merge_marks(steps[::-1])


def _deletion(text: str, i: int, verb: str) -> tuple[float, Step]:
    char = text[i]
    if i > 0 and text[i - 1] == char and char not in VOWELS:
        return COST_DOUBLING, Step(char * 2, char, f"doubled {char}, as the French style doubles "
                                   f"с between vowels" if char == "s" else f"doubled {char}")
    if char in MARKS:
        return COST_MARK, Step(char, "", "apostrophe or soft-sign mark")
    if char in VOWELS:
        return COST_VOWEL, Step(char, "", f"vowel {char} {verb}")
    return COST_UNEXPLAINED, Step(char, "", f"unexplained: {char} {verb}")


def _merge_marks(steps: list[Step]) -> list[Step]:
    return [s for s in steps if s.a or s.b]
