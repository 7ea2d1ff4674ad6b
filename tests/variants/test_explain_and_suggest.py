from annotator.variants.candidates import mine
from annotator.variants.cluster import cluster
from annotator.variants.explain import explain
from annotator.variants.suggest import suggest
from helpers import SAMPLE_CORPUS


def sample_documents():
    return [(p.stem, p.read_text("utf-8")) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))]


def test_explanations_name_the_rule_and_the_systems():
    why = explain("Vasilenko", "Vassilenko")
    assert [(s.a, s.b) for s in why.steps] == [("s", "ss")]
    assert "French style with ss" in why.steps[0].why and why.explained and why.score > 0.95
    assert "MVD-310 French style" in explain("Majilis", "Mazhilis").describe()
    assert [s.why for s in explain("KAZINFORM", "Kazinform").steps] == ["capitalisation"]
    assert "joined, hyphenated" in explain("Nursultan", "Nur-Sultan").describe()
    assert explain("Tokaev", "Tokayev").steps[0].why.startswith("е is e in")
    assert explain("Kazhgeldin", "Kazhegeldin").describe().endswith("vowel e added")


def test_unrelated_names_are_unexplained_and_score_low():
    why = explain("Moldova", "Mongolia")
    assert not why.explained and why.score < 0.7


def test_mining_finds_names_terms_and_leaves_out_sentence_initial_words():
    forms = mine(sample_documents())
    for expected in ["Vassilenko", "Vasilenko", "KAZINFORM", "Kassym-Jomart", "Roman Vassilenko",
                     "maslikhat", "Qazaqstan", "Al-Farabi"]:
        assert expected in forms, expected
    for left_out in ["Opening", "As Secretary", "election"]:
        assert left_out not in forms, left_out
    assert forms["Vassilenko"].count == 4 and forms["Vassilenko"].documents == {
        "01-polling-stations-abroad", "04-significant-election-campaign"}


def test_the_sample_corpus_pairs_are_found_with_no_false_pairs():
    suggestions = suggest(mine(sample_documents()))
    found = {frozenset(s.variants) for s in suggestions}
    for pair in [{"Vassilenko", "Vasilenko"}, {"Mazhilis", "Majilis"}, {"KAZINFORM", "Kazinform"},
                 {"Kazakhstan", "Qazaqstan"}]:
        assert frozenset(pair) in found
    # The other suggestions are true case and hyphenation variants, nothing else.
    assert found - {frozenset(p) for p in [
        {"Vassilenko", "Vasilenko"}, {"Mazhilis", "Majilis"}, {"KAZINFORM", "Kazinform"},
        {"Kazakhstan", "Qazaqstan"}]} == {
        frozenset({"maslikhats", "Maslikhats"}),
        frozenset({"Inter-Parliamentary", "Interparliamentary"})}
    by_canonical = {s.canonical: s for s in suggestions}
    assert by_canonical["Vassilenko"].variants == ["Vassilenko", "Vasilenko"]
    assert all(s.explanations and s.score > 0.9 for s in suggestions)


def test_rejected_pairs_are_never_clustered():
    weight = {"Tokayev": 3, "Tokaev": 2, "Toqaev": 1}
    assert cluster(list(weight), [], weight) == [["Tokayev", "Tokaev", "Toqaev"]]
    # Toqaev may not sit with Tokaev; the more frequent pair keeps the cluster.
    assert cluster(list(weight), [frozenset({"Tokaev", "Toqaev"})], weight) == [["Tokayev", "Tokaev"]]


def test_a_dropped_inner_vowel_joins_but_an_edge_or_changed_vowel_does_not():
    clusters = cluster(["Kazhegeldin", "Kazhgeldin", "Marat", "Murat", "Secretary", "Asecretary"])
    assert clusters == [["Kazhegeldin", "Kazhgeldin"]]


def test_clusters_already_recorded_as_one_entity_are_not_suggested_again():
    stats = mine(sample_documents())
    entity_of_form = {"Vassilenko": 1, "Vasilenko": 1, "Mazhilis": 2}
    suggestions = {s.canonical: s for s in suggest(stats, (), entity_of_form, {1: "Vassilenko",
                                                                               2: "Mazhilis"})}
    assert "Vassilenko" not in suggestions
    assert suggestions["Mazhilis"].entity_ids == [2]


def test_tokens_longer_than_any_name_are_not_candidates_so_mining_stays_linear():
    from annotator.variants.candidates import MAX_FORM_CHARS, MAX_RUN_CHARS, mine
    from annotator.variants.cluster import _one_letter_less

    giant = "-".join(["Ab"] * 300_000)  # a 900 KB hyphenated "word"
    text = f"Vassilenko and Vasilenko met {giant} and {'Q' * 200_000} in Astana."
    forms = mine([("d", text)])
    assert set(forms) >= {"Vassilenko", "Vasilenko", "Astana"}
    assert max(len(form) for form in forms) <= max(MAX_FORM_CHARS, MAX_RUN_CHARS)
    assert list(_one_letter_less("а" * 10_000)) == [], "no neighbours listed for a non-name"
    assert [s.canonical for s in suggest(forms, [], {}, {})] == ["Vasilenko"]
