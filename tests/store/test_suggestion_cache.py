"""Suggestions are kept in the store while nothing they rest on changes: a new session
reads them back instead of clustering again; any decision, span or new document makes
them be computed afresh."""

import pytest

from annotator.core.records import Incoming
from annotator.store import Project, variant_decisions
from annotator.variants.suggest import Suggestion


def shown(suggestions):
    return [(s.id, s.canonical, s.variants, round(s.score, 6), s.tier, s.homonym,
             s.entity_ids, [(f.form, f.count, f.documents_total) for f in s.forms],
             [e.describe() for e in s.explanations]) for s in suggestions]


@pytest.fixture
def no_clustering(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("clustered again")
    return lambda: monkeypatch.setattr(variant_decisions, "suggestions", refuse)


def test_a_new_session_reads_the_kept_suggestions(sample_project, no_clustering):
    computed = sample_project.variant_suggestions(possible=True)
    path = sample_project.target
    sample_project.close()
    no_clustering()
    with Project.open(path, annotator="alice") as again:
        assert shown(again.variant_suggestions(possible=True)) == shown(computed)
        assert shown(again.variant_suggestions()) == \
            shown([s for s in computed if s.tier == "confident"])
        doc = "54b3eda07178e59d"   # writes both Vassilenko and Vasilenko
        text = again.document(doc).text
        concerning = again.variant_suggestions(doc)
        assert "Vassilenko" in {s.canonical for s in concerning}
        assert all(any(v in text for v in s.variants) for s in concerning)
        assert len(concerning) < len(computed)


@pytest.mark.parametrize("change", ["accept", "reject", "span", "undo", "import"])
def test_what_they_rest_on_changing_computes_them_again(sample_project, change):
    before = {s.canonical for s in sample_project.variant_suggestions()}
    assert "Vassilenko" in before
    calls = []
    original = variant_decisions.suggestions

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    variant_decisions.suggestions = counting
    try:
        sample_project.variant_suggestions()
        assert calls == []
        if change == "accept":
            sample_project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        elif change == "reject":
            sample_project.reject_variants(["Vassilenko", "Vasilenko"])
        elif change == "span":
            sample_project.add_span("54b3eda07178e59d", 0, 4, "ORG")
        elif change == "undo":
            sample_project.reject_variants(["Vassilenko", "Vasilenko"])
            sample_project.variant_suggestions()
            sample_project.undo()
        else:
            sample_project.import_documents([Incoming("new", "Vasilenko met Tokayev.", "t",
                                                      None)])
        after = {s.canonical for s in sample_project.variant_suggestions()}
        assert calls
    finally:
        variant_decisions.suggestions = original
    assert ("Vassilenko" in after) == (change in ("span", "undo", "import"))


def test_a_record_holds_everything_but_the_document_ids(sample_project):
    for suggestion in sample_project.variant_suggestions(possible=True):
        whys: dict[str, int] = {}
        record = suggestion.to_record(whys)
        back = Suggestion.from_record(record, list(whys))
        assert shown([back]) == shown([suggestion]) and not back.forms[0].documents
