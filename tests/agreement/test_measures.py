"""The coefficients against independent implementations: scikit-learn's Cohen's kappa, the
`krippendorff` package, and Krippendorff's own worked example (nominal, missing values)."""

from __future__ import annotations

import math
import random
import warnings
from collections import Counter

import krippendorff
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.agreement import cohen_kappa, krippendorff_alpha_nominal

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, nominal values with gaps. Alpha = 0.743.
MISSING = None
WORKED_EXAMPLE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, MISSING, MISSING, MISSING],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, MISSING, 3],
    [MISSING, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, MISSING],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, MISSING],
]


def patterns(rows: list[list]) -> Counter:
    return Counter(tuple(v for v in unit if v is not MISSING) for unit in zip(*rows, strict=True))


def as_floats(rows: list[list]) -> list[list[float]]:
    return [[math.nan if v is MISSING else float(v) for v in row] for row in rows]


def test_alpha_of_krippendorffs_worked_example_is_0_743():
    assert round(krippendorff_alpha_nominal(patterns(WORKED_EXAMPLE)), 3) == 0.743


@pytest.mark.parametrize("seed", range(25))
def test_alpha_matches_the_krippendorff_package_with_missing_values(seed):
    draw = random.Random(seed)
    coders, units, values = draw.randint(2, 5), draw.randint(5, 60), draw.randint(2, 6)
    truth = [draw.randrange(values) for _ in range(units)]
    rows = [[MISSING if draw.random() < 0.25 else
             (truth[u] if draw.random() < 0.7 else draw.randrange(values))
             for u in range(units)] for _ in range(coders)]
    ours = krippendorff_alpha_nominal(patterns(rows))
    try:
        theirs = krippendorff.alpha(reliability_data=as_floats(rows),
                                    level_of_measurement="nominal")
    except ValueError:  # the package refuses data with no pairable unit or one value
        assert ours is None
        return
    if math.isnan(theirs):
        assert ours is None
    else:
        assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize("seed", range(25))
def test_kappa_matches_scikit_learn(seed):
    draw = random.Random(seed)
    tags = ["O", "B-PERSON", "I-PERSON", "B-LOC", "I-LOC"][:draw.randint(2, 5)]
    a = [draw.choice(tags) for _ in range(draw.randint(10, 300))]
    b = [x if draw.random() < 0.8 else draw.choice(tags) for x in a]
    ours = cohen_kappa(Counter(zip(a, b, strict=True)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # its 0/0 when kappa is undefined
        theirs = cohen_kappa_score(a, b)
    assert (ours is None and math.isnan(theirs)) or ours == pytest.approx(theirs, abs=1e-12)


def test_undefined_coefficients_are_none_not_a_number():
    assert cohen_kappa(Counter({("O", "O"): 40})) is None
    assert krippendorff_alpha_nominal(Counter({("O", "O", "O"): 40})) is None
    assert krippendorff_alpha_nominal(Counter({("O",): 40})) is None, "nothing pairable"
