"""Decisions teach the ranking: rules re-weighted per project, tiers moved by decisions
with the same rules, homonyms flagged."""

from collections import Counter

from annotator.variants.candidates import mine
from annotator.variants.explain import explain
from annotator.variants.learning import RuleWeights, signature
from annotator.variants.suggest import CONFIDENT, POSSIBLE, suggest


def forms_of(text: str):
    return mine([("d", text)])


TEXT = ("Sabir met Sabira. Later Sabir and Sabira spoke. Dinar and Dinara came. "
        "Ilyas, Ilias and Iliyas wrote to Rustam and Rostam.")


def tier_of(suggestions, form):
    return next(s.tier for s in suggestions if form in s.variants)


def test_a_possible_pair_rises_once_a_pair_with_the_same_rules_is_accepted():
    stats = forms_of(TEXT)
    before = suggest(stats, possible=True)
    assert tier_of(before, "Sabira") == POSSIBLE
    taught = RuleWeights.from_decisions([["Dinara", "Dinar"]], [])
    after = suggest(stats, weights=taught, possible=True)
    assert tier_of(after, "Sabira") == CONFIDENT


def test_a_confident_cluster_falls_after_two_rejections_of_its_rules_not_one():
    stats = forms_of(TEXT)
    rule_pair = signature(explain("Rostam", "Rustam"))
    assert tier_of(suggest(stats), "Rostam") == CONFIDENT
    once = RuleWeights.from_decisions([], [("Bolat", "Bulat")])
    assert signature(explain("Bolat", "Bulat")) == rule_pair
    assert tier_of(suggest(stats, weights=once), "Rostam") == CONFIDENT
    twice = RuleWeights.from_decisions([], [("Bolat", "Bulat"), ("Kozy", "Kuzy")])
    assert tier_of(suggest(stats, weights=twice, possible=True), "Rostam") == POSSIBLE


def test_scores_follow_the_rules_weights():
    stats = forms_of(TEXT)
    base = {s.id: s for s in suggest(stats)}
    taught = RuleWeights.from_decisions([["Tolkyn", "Tolqyn"]], [("Bolat", "Bulat")])
    assert taught.weight("k~q") > 1 > taught.weight("o~u")
    after = {s.id: s.score for s in suggest(stats, weights=taught)}
    changed = {base[key].canonical for key in base if after[key] != base[key].score}
    assert changed == {next(s.canonical for s in base.values() if "Rostam" in s.variants)}
    assert all(after[key] <= base[key].score for key in base)


def test_spellings_tagged_with_different_labels_are_flagged_and_never_confident():
    stats = forms_of(TEXT)
    labels = {"Rustam": Counter({"PERSON": 3}), "Rostam": Counter({"ORG": 1})}
    [flagged] = [s for s in suggest(stats, labels_of_form=labels, possible=True)
                 if "Rostam" in s.variants]
    assert flagged.tier == POSSIBLE
    assert flagged.homonym.startswith("tagged as ")
    assert {"Rustam: PERSON 3", "Rostam: ORG 1"} == set(flagged.homonym[10:].split("; "))
    same = {"Rustam": Counter({"PERSON": 3}), "Rostam": Counter({"PERSON": 1})}
    [plain] = [s for s in suggest(stats, labels_of_form=same) if "Rostam" in s.variants]
    assert (plain.tier, plain.homonym) == (CONFIDENT, "")
