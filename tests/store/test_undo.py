"""Undo and redo across annotators: a replay that would break an invariant is refused with a
message naming what blocks it, never raised as a database error, and never leaves the
history stuck."""

import pytest

from annotator.core.errors import Conflict, UndoRefused
from annotator.core.records import Incoming
from annotator.store import Project


@pytest.fixture
def pair(target):
    path = target("p")
    with Project.create(path, annotator="alice") as alice, \
            Project.open(path, annotator="bob") as bob:
        alice.import_documents([Incoming("d", "Roman Vassilenko met Vasilenko in Astana.",
                                         "t", None)])
        yield alice, bob


def test_undoing_a_removal_after_the_span_was_tagged_again_is_refused_naming_who(pair):
    alice, bob = pair
    span = bob.add_span("d", 6, 16, "PERSON")
    alice.remove_span(span.id)
    bob.add_span("d", 6, 16, "PERSON")
    with pytest.raises(UndoRefused, match="bob") as refused:
        alice.undo()
    assert "remove span" in str(refused.value)
    assert refused.value.entry.action.startswith("remove span")
    assert len(alice.spans("d")) == 1


def test_a_refused_undo_can_be_dropped_and_the_history_goes_on(pair):
    alice, bob = pair
    alice.add_span("d", 0, 5, "PERSON")
    span = bob.add_span("d", 6, 16, "PERSON")
    alice.remove_span(span.id)
    bob.add_span("d", 6, 16, "PERSON")
    with pytest.raises(UndoRefused) as refused:
        alice.undo()
    with pytest.raises(UndoRefused):
        alice.undo()  # still refused, still a message, not a database error
    dropped = alice.drop_undo(refused.value.entry.id)
    assert dropped.action.startswith("remove span")
    assert alice.undo().action == "tag 'Roman' PERSON"
    assert [(s.start, s.annotator) for s in alice.spans("d")] == [(6, "bob")]
    assert [e.state for e in alice.history(5)] == ["dropped", "undone"]


def test_undo_never_makes_two_overlapping_spans_of_one_label(pair):
    alice, bob = pair
    span = bob.add_span("d", 6, 16, "PERSON")
    alice.remove_span(span.id)
    bob.add_span("d", 0, 16, "PERSON")
    with pytest.raises(UndoRefused, match=r"overlap.*\[0, 16\).*bob"):
        alice.undo()
    assert [(s.start, s.end) for s in alice.spans("d")] == [(0, 16)]


def test_undoing_an_entity_someone_linked_to_since_is_refused(pair):
    alice, bob = pair
    entity = alice.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    span = bob.add_span("d", 6, 16, "PERSON")
    bob.link_span(span.id, entity.id)
    with pytest.raises(UndoRefused, match="bob"):
        alice.undo()
    assert bob.span(span.id).entity_id == entity.id
    assert alice.entity(entity.id).forms == ["Vasilenko", "Vassilenko"]


def test_undoing_a_link_keeps_a_form_another_span_still_uses(pair):
    alice, bob = pair
    entity = alice.create_entity("Vasilenko", label="PERSON")
    first = alice.add_span("d", 6, 16, "PERSON")
    alice.link_span(first.id, entity.id)  # adds the form "Vassilenko"
    second = bob.add_span("d", 6, 16, "ORG")
    bob.link_span(second.id, entity.id)
    assert alice.undo().action == "link span"
    assert "Vassilenko" in alice.entity(entity.id).forms


def test_undoing_the_first_tag_keeps_a_document_others_tagged_in_progress(pair):
    alice, bob = pair
    alice.add_span("d", 0, 5, "PERSON")
    bob.add_span("d", 33, 39, "LOC")
    alice.undo()
    assert alice.document("d").status == "in_progress"


def test_undoing_the_first_tag_after_the_document_was_marked_done_keeps_it_done(pair):
    alice, bob = pair
    alice.add_span("d", 0, 5, "PERSON")
    bob.set_document_status("d", "done")
    alice.undo()
    assert alice.spans("d") == [] and alice.document("d").status == "done"


def test_redo_that_would_break_an_invariant_is_refused_and_can_be_dropped(pair):
    alice, bob = pair
    alice.add_span("d", 6, 16, "PERSON")
    alice.undo()
    bob.add_span("d", 6, 12, "PERSON")
    with pytest.raises(UndoRefused, match="bob"):
        alice.redo()
    alice.drop_redo(alice.history(1)[0].id)
    assert alice.redo() is None


def test_undo_refusal_is_a_conflict_and_leaves_nothing_half_done(pair):
    alice, bob = pair
    entity = alice.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
    bob.rename_entity(entity.id, "Roman Vassilenko")
    with pytest.raises(Conflict, match="rename entity"):
        alice.undo()
    assert alice.entity(entity.id).forms == ["Vasilenko", "Vassilenko"]
    assert alice.entity(entity.id).canonical == "Roman Vassilenko"


def test_actions_nest_into_one_undo_step_and_a_refused_inner_call_undoes_only_itself(pair):
    alice, _ = pair
    with alice.action("tag two names"):
        alice.add_span("d", 0, 5, "PERSON")
        alice.add_span("d", 6, 16, "PERSON")
        with pytest.raises(Conflict):
            alice.add_span("d", 8, 12, "PERSON")     # refused: its savepoint is rolled back
        alice.add_span("d", 34, 40, "LOC")
    assert [e.action for e in alice.history(5)] == ["tag two names"]
    assert [(s.start, s.label) for s in alice.spans("d")] == [(0, "PERSON"), (6, "PERSON"),
                                                              (34, "LOC")]
    alice.undo()
    assert alice.spans("d") == [] and alice.document("d").status == "new"


def test_a_refused_inner_call_leaves_nothing_in_the_undo_step(pair):
    alice, _ = pair
    suggestion = alice.add_span("d", 0, 5, "PERSON", status="suggested")
    alice.add_span("d", 8, 12, "PERSON")
    with alice.action("several"):
        alice.add_span("d", 34, 40, "LOC")
        with pytest.raises(Conflict):
            alice.add_span("d", 0, 12, "PERSON")  # removes the suggestion, then is refused
    assert suggestion.id in [s.id for s in alice.spans("d")]
    alice.undo()
    assert [(s.start, s.status) for s in alice.spans("d")] == [(0, "suggested"), (8, "accepted")]
