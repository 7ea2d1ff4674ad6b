"""Quality of variant regrouping: annotator's engine against the generic methods.

1. Synthetic: the Cyrillic names and terms in data/cyrillic_names.txt, romanized with every
   scheme that applies (Russian and Kazakh systems), plus realistic noise (a dropped or
   doubled letter, capitals, hyphen / space / joined). Each method regroups the distinct
   Latin forms; pair precision, recall and F1 against the truth (forms of one entity).
2. The sample corpus: the candidate forms mined from corpus/, and which of its known
   variant pairs each method finds, and how many other pairs it proposes.
3. The development set of real English text (../shared/data/variants_dev, read in place:
   third-party text is never copied here): `variants suggest` as a project runs it,
   scored by the set's own scorer (../shared/tools/variant_eval.py: look-alike pairs count
   as false), beside the generic methods on the same candidate forms; then the ranking:
   precision of the top 10 / 25 / 50 suggestions and the precision-recall curve as a
   linguist works down the list (the confident tier, then the possible one); and learning:
   the gold decides the first 20 suggestions, and the rest is scored without and with the
   rule weights those decisions teach.

    ./dev python bench/variants_quality.py [--noise 0.5] [--seed 7] [--dev DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from baselines import METHODS  # noqa: E402

from annotator.variants.candidates import mine  # noqa: E402
from annotator.variants.cluster import cluster  # noqa: E402
from annotator.variants.keys import fold  # noqa: E402
from annotator.variants.schemes import schemes_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NAMES = Path(__file__).parent / "data" / "cyrillic_names.txt"
DEV_SET = ROOT.parent / "shared" / "data" / "variants_dev"
SAMPLE_PAIRS = [("Vassilenko", "Vasilenko"), ("Mazhilis", "Majilis"), ("KAZINFORM", "Kazinform"),
                ("Kazakhstan", "Qazaqstan")]
VOWELS = set("aeiouy")


def entities() -> list[list[str]]:
    lines = NAMES.read_text("utf-8").splitlines()
    return [line.split("|") for line in lines if line.strip() and not line.startswith("#")]


def romanize_all(spellings: list[str]) -> set[str]:
    return {scheme.romanize(s) for s in spellings for scheme in schemes_for(s)}


def noisy(form: str, rng: random.Random) -> str:
    kind = rng.choice(["drop", "double", "caps", "separator", "drop"])
    letters = [i for i, c in enumerate(form) if c.isalpha()]
    if kind == "caps":
        return form.upper()
    if kind == "separator" and any(c in form for c in " -"):
        return form.replace("-", " ") if "-" in form else form.replace(" ", rng.choice(["-", ""]))
    inner = letters[1:-1]
    if not inner:
        return form.upper()
    i = rng.choice(inner)
    if kind == "double":
        consonants = [j for j in inner if form[j].lower() not in VOWELS]
        i = rng.choice(consonants) if consonants else i
        return form[:i] + form[i] + form[i:]
    return form[:i] + form[i + 1:]


def synthetic(noise: float, seed: int) -> tuple[list[str], dict[str, int], int]:
    rng = random.Random(seed)
    owner: dict[str, set[int]] = defaultdict(set)
    for index, spellings in enumerate(entities()):
        clean = sorted(romanize_all(spellings))
        forms = set(clean)
        for form in clean:
            if rng.random() < noise:
                forms.add(noisy(form, rng))
        for form in forms:
            owner[form].add(index)
    ambiguous = sum(1 for o in owner.values() if len(o) > 1)
    truth = {form: next(iter(o)) for form, o in owner.items() if len(o) == 1}
    return sorted(truth), truth, ambiguous


def pairs_of(clusters: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for c in clusters for p in combinations(sorted(set(c)), 2)}


def score(predicted: set[frozenset[str]], truth: set[frozenset[str]]) -> tuple[float, float, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def all_methods() -> dict:
    return {"annotator (romanization-aware)": lambda forms: cluster(forms), **METHODS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--noise", type=float, default=0.5,
                        help="chance that each clean form also appears with noise")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dev", type=Path, default=DEV_SET,
                        help="a development set laid out as variants_dev (corpus/, "
                             "gold_variants.json, not_variants.json)")
    args = parser.parse_args()

    forms, truth, ambiguous = synthetic(args.noise, args.seed)
    by_entity: dict[int, list[str]] = defaultdict(list)
    for form, index in truth.items():
        by_entity[index].append(form)
    true_pairs = pairs_of(list(by_entity.values()))
    sizes = Counter(len(v) for v in by_entity.values())
    median = sorted(len(v) for v in by_entity.values())[len(by_entity) // 2]
    print(f"Synthetic: {len(entities())} entities -> {len(forms)} distinct Latin forms "
          f"({ambiguous} forms shared by two entities left out), {len(true_pairs)} true pairs; "
          f"forms per entity: median {median}, max {max(sizes)}; noise {args.noise}, "
          f"seed {args.seed}\n")
    print(f"{'method':<32}{'precision':>10}{'recall':>8}{'F1':>7}{'pairs':>8}")
    results = {}
    for name, method in all_methods().items():
        predicted = pairs_of(method(forms))
        precision, recall, f1 = score(predicted, true_pairs)
        results[name] = f1
        print(f"{name:<32}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{len(predicted):>8}")
    ours = results["annotator (romanization-aware)"]
    best_other = max(v for k, v in results.items() if not k.startswith("annotator"))
    print(f"\nF1 ratio, annotator / best generic method: {ours / best_other:.2f}")

    documents = [(p.stem, p.read_text("utf-8")) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    candidates = list(mine(documents))
    expected = {frozenset(p) for p in SAMPLE_PAIRS}
    print(f"\nSample corpus: {len(candidates)} candidate forms; known pairs: "
          + ", ".join(" / ".join(p) for p in SAMPLE_PAIRS))
    print("(also true: pairs that differ only in case or hyphenation, or whose differing words "
          "are a known pair; false: the rest)")
    print(f"{'method':<32}{'known found':>12}{'also true':>10}{'false':>7}  false pairs")
    for name, method in all_methods().items():
        predicted = pairs_of(method(candidates))
        other = predicted - expected
        true_too = {p for p in other if _also_true(p, expected)}
        false = sorted(" / ".join(sorted(p)) for p in other - true_too)
        shown = "; ".join(false[:4]) + (" ..." if len(false) > 4 else "")
        print(f"{name:<32}{len(predicted & expected):>8} of 4{len(true_too):>10}{len(false):>7}"
              f"  {shown}")
    if args.dev.is_dir():
        development_set(args.dev)
    else:
        print(f"\n(no development set at {args.dev}: section 3 skipped)")


def development_set(folder: Path) -> None:
    """Section 3: real text, the set's own scorer, the ranking of the suggestions and what
    a linguist's first decisions teach it."""
    import importlib.util
    import json

    from annotator.variants.suggest import CONFIDENT, suggest

    spec = importlib.util.spec_from_file_location(
        "variant_eval", folder.parents[1] / "tools" / "variant_eval.py")
    if spec is None or spec.loader is None:
        print(f"\n(no scorer beside {folder}: section 3 skipped)")
        return
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = [c["variants"] for c in json.loads((folder / "gold_variants.json").read_text())]
    look_alikes = folder / "not_variants.json"
    if look_alikes.exists():
        scorer.NOT_VARIANTS.update(tuple(sorted(x.casefold() for x in entry["pair"]))
                                   for entry in json.loads(look_alikes.read_text()))
    # Line 1 names the source, line 2 is blank: the passage follows.
    documents = [(p.stem, p.read_text("utf-8").split("\n", 2)[-1])
                 for p in sorted((folder / "corpus").glob("*.txt"))]
    stats = mine(documents)
    ranked = suggest(stats, possible=True)  # the review order: confident, then possible
    confident = [s for s in ranked if s.tier == CONFIDENT]
    print(f"\nDevelopment set {folder.name}: {len(documents)} passages, {len(stats)} candidate "
          f"forms; {len(gold)} gold clusters, {len(scorer.pairs_of(gold))} gold pairs, "
          f"{len(scorer.NOT_VARIANTS)} look-alike pairs")
    print(f"{'method':<32}{'precision':>10}{'recall':>8}{'F1':>7}{'judged':>8}")
    results = {"annotator (romanization-aware)": [s.variants for s in confident],
               "  with the possible tier": [s.variants for s in ranked]}
    results.update({name: method(list(stats)) for name, method in METHODS.items()})
    for name, clusters in results.items():
        precision, recall, f1, judged = scorer.score(gold, clusters)
        print(f"{name:<32}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{judged:>8}")
    print(f"\nRanking: {len(confident)} confident then {len(ranked) - len(confident)} possible "
          "suggestions, as a linguist reviews them")
    for top in (10, 25, 50):
        precision, recall, _, judged = scorer.score(gold, [s.variants for s in ranked[:top]])
        print(f"  top {top:>3}: precision {precision:.3f} ({judged} judged pairs), "
              f"recall {recall:.3f}")
    print("  precision-recall curve (after each tenth of the list; * the possible tier):")
    steps = sorted({max(1, round(len(ranked) * k / 10)) for k in range(1, 11)})
    for taken in steps:
        precision, recall, _, _ = scorer.score(gold, [s.variants for s in ranked[:taken]])
        tier = "*" if taken > len(confident) else " "
        print(f"   {tier}{taken:>4} suggestions  precision {precision:.3f}  recall {recall:.3f}")
    _learning(scorer, gold, stats, ranked[:20], "the first 20 suggestions")
    _learning(scorer, gold, stats, [s for s in ranked if s.tier != CONFIDENT][:20],
              "the first 20 of the possible tier")


def _learning(scorer, gold: list[list[str]], stats: dict, decided: list, which: str) -> None:
    """A simulated linguist (the gold) decides some suggestions: accepts the spellings that
    are one gold name with the canonical, keeps the others apart; then the rest is ranked
    again, without and with what the decisions teach."""
    from annotator.variants.learning import RuleWeights
    from annotator.variants.suggest import CONFIDENT, suggest

    cluster_of = {f.casefold(): i for i, c in enumerate(gold) for f in c}
    groups, rejected = [], []
    for suggestion in decided:
        canonical = suggestion.canonical
        same = [f for f in suggestion.variants if _one_gold_name(f, canonical, cluster_of)]
        groups.append(same)
        rejected += [frozenset((a, b)) for a in same
                     for b in suggestion.variants if b not in same]
    entity_of_form = {f: i for i, group in enumerate(groups) for f in group if len(group) > 1}
    canonical_of = {i: group[0] for i, group in enumerate(groups)}
    covered = scorer.pairs_of([g for g in groups if len(g) > 1])
    remaining_gold = scorer.pairs_of(gold) - covered
    weights = RuleWeights.from_decisions([g for g in groups if len(g) > 1], rejected)
    print(f"\nLearning from decisions: the gold decides {which} "
          f"({sum(len(g) > 1 for g in groups)} accepted, {len(rejected)} pairs kept apart; "
          f"{len(weights.accepted)} rules gained weight, {len(weights.rejected)} lost); the "
          f"rest, {len(remaining_gold)} gold pairs left (confident tier; P@20: precision of "
          "the first 20 of the rest):")
    print(f"{'':<28}{'confident':>10}{'precision':>10}{'recall':>8}{'F1':>7}{'P@20':>7}")
    for name, learned in (("without learning", None), ("with learning", weights)):
        rest = suggest(stats, rejected, entity_of_form, canonical_of, weights=learned,
                       possible=True)
        chosen = [s.variants for s in rest if s.tier == CONFIDENT]
        precision, recall = _rest_score(scorer, gold, chosen, covered, remaining_gold)
        at_20, _ = _rest_score(scorer, gold, [s.variants for s in rest[:20]], covered,
                               remaining_gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{name:<28}{len(chosen):>10}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}"
              f"{at_20:>7.3f}")


def _rest_score(scorer, gold, clusters, covered, remaining_gold) -> tuple[float, float]:
    predicted = scorer.pairs_of(clusters) - covered
    vocabulary = {f.casefold() for c in gold for f in c}
    # As the scorer judges: a form of the gold in the pair, no Cyrillic form; look-alikes.
    judged = {p for p in predicted if (p[0] in vocabulary or p[1] in vocabulary)
              and not (scorer.CYRILLIC.search(p[0]) or scorer.CYRILLIC.search(p[1]))} | \
        (predicted & scorer.NOT_VARIANTS)
    true = len(judged & remaining_gold)
    return (true / len(judged) if judged else 0.0,
            true / len(remaining_gold) if remaining_gold else 0.0)


def _one_gold_name(form: str, canonical: str, cluster_of: dict[str, int]) -> bool:
    """Forms outside the gold (case and hyphen variants of other words) count as one name,
    as the scorer leaves them unjudged."""
    a, b = cluster_of.get(form.casefold()), cluster_of.get(canonical.casefold())
    return form == canonical or a == b or a is None and b is None


def _also_true(pair: frozenset[str], expected: set[frozenset[str]]) -> bool:
    a, b = sorted(pair)
    if fold(a) == fold(b):
        return True
    words_a, words_b = a.split(), b.split()
    return len(words_a) == len(words_b) > 1 and all(
        x == y or frozenset((x, y)) in expected or fold(x) == fold(y)
        for x, y in zip(words_a, words_b, strict=True))


if __name__ == "__main__":
    main()
