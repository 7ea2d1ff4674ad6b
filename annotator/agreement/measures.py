"""The agreement coefficients, from counts: Cohen's kappa from a confusion table, and
Krippendorff's alpha (nominal, any number of coders, missing values allowed) from how many
units showed each pattern of values.

Written by hand rather than taken from scikit-learn or the `krippendorff` package (which
the tests check these against): both want every unit in memory, and the `krippendorff`
package builds a units x values x values array, over a gigabyte for a corpus of 10,000
news documents; the formulas themselves are a few lines over counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping


def cohen_kappa(confusion: Mapping[tuple[Hashable, Hashable], int]) -> float | None:
    """Kappa for two coders from how often coder A said x while B said y: (p_o - p_e) /
    (1 - p_e). None when it is undefined (both coders used one and the same value only)."""
    total = sum(confusion.values())
    if not total:
        return None
    observed = sum(count for (a, b), count in confusion.items() if a == b) / total
    by_a: Counter = Counter()
    by_b: Counter = Counter()
    for (a, b), count in confusion.items():
        by_a[a] += count
        by_b[b] += count
    expected = sum(by_a[value] * by_b[value] for value in by_a) / (total * total)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(patterns: Mapping[tuple, int] | Iterable[tuple[tuple, int]]
                               ) -> float | None:
    """Alpha for nominal data. `patterns`: (the values the coders gave one unit, missing
    ones left out) -> how many units had exactly those values. Units with fewer than two
    values are not pairable and count for nothing. None when undefined (no pairable unit,
    or only one value ever used)."""
    items = patterns.items() if isinstance(patterns, Mapping) else patterns
    # The coincidence matrix: o[c, k] = sum over units of n_uc * (n_uk - [c == k]) / (m_u - 1).
    coincidences: Counter = Counter()
    for values, units in items:
        pairable = len(values)
        if pairable < 2 or not units:
            continue
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - (c == k))
                if pairs:
                    coincidences[c, k] += units * pairs / (pairable - 1)
    totals: Counter = Counter()
    for (c, _), count in coincidences.items():
        totals[c] += count
    n = sum(totals.values())
    if n <= 1:
        return None
    disagreement = sum(count for (c, k), count in coincidences.items() if c != k)
    chance = (n * n - sum(count * count for count in totals.values()))  # sum over c != k
    if chance <= 0:
        return None
    return 1.0 - (n - 1) * disagreement / chance


def f1(matched_a: int, total_a: int, matched_b: int, total_b: int) -> float | None:
    """F1 of two annotators against each other: precision as the share of A's items B also
    has, recall the share of B's that A has (for exact matches the two counts are equal).
    None when neither has any item."""
    if not total_a and not total_b:
        return None
    precision = matched_a / total_a if total_a else 0.0
    recall = matched_b / total_b if total_b else 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)
