"""The quality benchmark as a regression guard: precision and the lead over generic methods
(bench/variants_quality.py prints the full table)."""

import sys

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from variants_quality import all_methods, pairs_of, score, synthetic  # noqa: E402


def test_romanization_aware_regrouping_beats_every_generic_method_by_a_wide_margin():
    forms, truth, _ = synthetic(noise=0.5, seed=7)
    groups: dict[int, list[str]] = {}
    for form, entity in truth.items():
        groups.setdefault(entity, []).append(form)
    true_pairs = pairs_of(list(groups.values()))
    results = {name: score(pairs_of(method(forms)), true_pairs)
               for name, method in all_methods().items()}
    precision, recall, f1 = results.pop("annotator (romanization-aware)")
    assert precision >= 0.95
    assert recall >= 0.7
    assert all(f1 >= other_f1 + 0.15 for _, _, other_f1 in results.values()), results
