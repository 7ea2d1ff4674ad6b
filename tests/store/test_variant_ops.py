import pytest

from annotator.core.errors import InvalidValue
from annotator.store import Project


def spans_of(project, form):
    return [(d.id, s.start, s.status, s.entity_id)
            for d in project.list_documents() for s in project.spans(d.id)
            if project.document(d.id).text[s.start:s.end] == form]


def test_suggestions_for_the_corpus_and_for_one_document(sample_project):
    everything = {s.canonical for s in sample_project.variant_suggestions()}
    assert {"Vassilenko", "Mazhilis", "Kazinform", "Kazakhstan"} <= everything
    in_one = {s.canonical for s in sample_project.variant_suggestions("88cef3393a166388")}
    assert in_one == {"Mazhilis", "Kazinform", "Kazakhstan", "Inter-Parliamentary"}


def test_accept_makes_an_entity_with_the_most_frequent_canonical_and_persists(tmp_path, sample_project):
    entity = sample_project.accept_variants(["Vasilenko", "Vassilenko"], label="PERSON")
    assert (entity.canonical, entity.label, entity.forms) == ("Vassilenko", "PERSON",
                                                             ["Vasilenko", "Vassilenko"])
    sample_project.close()
    with Project.open(sample_project.target, annotator="alice") as reopened:
        assert "Vassilenko" not in {s.canonical for s in reopened.variant_suggestions()}
        assert reopened.find_entity("Vasilenko").id == entity.id


def test_accept_with_a_chosen_canonical_and_the_usual_label(sample_project):
    doc = "54b3eda07178e59d"
    start = sample_project.document(doc).text.index("Mazhilis")
    sample_project.add_span(doc, start, start + 8, "ORG")
    entity = sample_project.accept_variants(["Majilis", "Mazhilis"], canonical="Mäjilis")
    assert (entity.canonical, entity.label) == ("Mäjilis", "ORG")


def test_accepting_forms_of_two_entities_merges_them(sample_project):
    first = sample_project.create_entity("Kazakhstan", label="LOC")
    second = sample_project.create_entity("Qazaqstan", label="LOC", forms=["QAZAQSTAN"])
    merged = sample_project.accept_variants(["Kazakhstan", "Qazaqstan", "Kazakstan"])
    assert merged.id == first.id and merged.forms == ["Kazakhstan", "Kazakstan", "QAZAQSTAN",
                                                      "Qazaqstan"]
    assert second.id not in [e.id for e in sample_project.entities()]
    sample_project.undo()
    assert {e.canonical for e in sample_project.entities()} == {"Kazakhstan", "Qazaqstan"}


def test_rejected_pairs_persist_and_undo_brings_them_back(sample_project):
    assert sample_project.reject_variants(["KAZINFORM", "Kazinform"]) == 1
    assert "Kazinform" not in {s.canonical for s in sample_project.variant_suggestions()}
    assert sample_project.reject_variants(["Kazinform", "KAZINFORM"]) == 0
    sample_project.undo()
    sample_project.undo()
    assert "Kazinform" in {s.canonical for s in sample_project.variant_suggestions()}
    with pytest.raises(InvalidValue):
        sample_project.reject_variants(["Kazinform"])


def test_preannotation_tags_every_occurrence_as_linked_suggestions(sample_project):
    entity = sample_project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    report = sample_project.preannotate()
    assert report.added == 6
    tagged = spans_of(sample_project, "Vasilenko") + spans_of(sample_project, "Vassilenko")
    assert len(tagged) == 6 and {(t[2], t[3]) for t in tagged} == {("suggested", entity.id)}
    assert sample_project.stats().spans["PERSON"] == {"accepted": 0, "suggested": 6}
    again = sample_project.preannotate()
    assert (again.added, again.already_tagged) == (0, 6)


def test_preannotation_respects_people(sample_project):
    entity = sample_project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
    sample_project.preannotate()
    first, second, *_ = [s for d in sample_project.list_documents()
                         for s in sample_project.spans(d.id)]
    sample_project.reject_span(first.id)
    sample_project.accept_span(second.id)
    report = sample_project.preannotate([entity.id])
    assert (report.added, report.rejected_before) == (0, 1)
    assert sample_project.span(second.id).status == "accepted"


def test_preannotation_is_one_undoable_action_and_skips_untyped_entities(sample_project):
    sample_project.create_entity("Tokayev")
    sample_project.accept_variants(["Kazakhstan", "Qazaqstan"], label="LOC")
    report = sample_project.preannotate()
    assert report.added == 28 and report.entities_without_type == ["Tokayev"]
    assert sample_project.undo().action == "pre-annotate"
    assert sample_project.stats().spans["LOC"]["suggested"] == 0


def test_tagging_over_a_suggestion_replaces_it_and_keeps_its_entity(sample_project):
    entity = sample_project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    sample_project.preannotate()
    doc = "54b3eda07178e59d"
    suggestion = next(s for s in sample_project.spans(doc) if s.status == "suggested")
    roman = sample_project.add_span(doc, suggestion.start - 6, suggestion.end, "PERSON")
    assert roman.entity_id == entity.id and roman.status == "accepted"
    assert suggestion.id not in [s.id for s in sample_project.spans(doc)]
    assert sample_project.accept_entity_suggestions(doc, entity.id) == 2


def test_split_rename_merge_and_cyrillic_forms(sample_project):
    entity = sample_project.accept_variants(["Kazakhstan", "Qazaqstan"], label="LOC")
    sample_project.preannotate()
    tv = sample_project.split_entity(entity.id, ["Qazaqstan"], canonical="Qazaqstan TV")
    assert tv.forms == ["Qazaqstan"] and sample_project.entity(entity.id).forms == ["Kazakhstan"]
    assert {s[3] for s in spans_of(sample_project, "Qazaqstan")} == {tv.id}
    assert sample_project.rename_entity(tv.id, "Qazaqstan (TV)").canonical == "Qazaqstan (TV)"
    withcyr = sample_project.set_cyrillic_forms(entity.id, "ru", ["Казахстан"])
    withcyr = sample_project.set_cyrillic_forms(entity.id, "kk", ["Қазақстан"])
    assert withcyr.cyrillic == {"kk": ["Қазақстан"], "ru": ["Казахстан"]}
    merged = sample_project.merge_entities(entity.id, tv.id)
    assert merged.forms == ["Kazakhstan", "Qazaqstan"]
    assert {s[3] for s in spans_of(sample_project, "Qazaqstan")} == {entity.id}
    with pytest.raises(InvalidValue, match="empty entity"):
        sample_project.split_entity(entity.id, ["Kazakhstan", "Qazaqstan"])


def test_the_variant_table_counts_every_spelling_with_contexts(sample_project):
    sample_project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    [row] = sample_project.variant_table()
    assert [(f.form, f.count, len(f.documents)) for f in row.forms] == [
        ("Vassilenko", 4, 2), ("Vasilenko", 2, 1)]
    doc, left, form, right = row.forms[1].contexts[0]
    assert form == "Vasilenko" and left.endswith("emphasized Roman ") and right.startswith(".")
    assert row.count == 6 and len(row.documents) == 2


def test_concordance_lists_each_occurrence_in_context(sample_project):
    lines = sample_project.concordance("Majilis", width=20)
    assert len(lines) == 3
    assert all(line[2] == "Majilis" and len(line[1]) <= 20 for line in lines)


def test_separating_spellings_keeps_each_group_and_undoes_as_one(sample_project):
    forms = ["Kazakhstan", "Qazaqstan", "KAZAKHSTAN"]
    assert sample_project.separate_variants(["Qazaqstan"], forms) == 2
    assert set(sample_project.rejected_pairs()) == {frozenset({"Qazaqstan", "Kazakhstan"}),
                                                    frozenset({"Qazaqstan", "KAZAKHSTAN"})}
    assert sample_project.separate_variants(["Qazaqstan"], forms) == 0
    assert not any("Qazaqstan" in s.variants for s in sample_project.variant_suggestions())
    sample_project.undo()
    assert sample_project.rejected_pairs() == []
    with pytest.raises(InvalidValue):
        sample_project.separate_variants(forms, forms)


def test_usual_label_is_the_type_an_accept_would_give(sample_project):
    assert sample_project.usual_label(["Majilis", "Mazhilis"]) is None
    doc = "54b3eda07178e59d"
    start = sample_project.document(doc).text.index("Mazhilis")
    sample_project.add_span(doc, start, start + 8, "ORG")
    assert sample_project.usual_label(["Majilis", "Mazhilis"]) == "ORG"
