"""Assignment: the chosen fraction of documents gets `overlap` annotators, the rest one;
balanced, the same for the same seed, and a re-run after an import keeps what was there."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.core.errors import InvalidValue
from annotator.core.records import Incoming
from annotator.store import Project

TEAM = ["alice", "bob", "carol"]


def documents(first: int, count: int) -> list[Incoming]:
    return [Incoming(f"d{n:03}", f"Document number {n} about Astana.", "test", None)
            for n in range(first, first + count)]


def assignment(project: Project) -> dict[str, list[str]]:
    return {doc_id: project.annotators_of(doc_id) for doc_id in project.document_ids()}


@pytest.fixture
def corpus(target):
    with Project.create(target("assign"), annotator="carol") as project:
        project.import_documents(documents(0, 60))
        yield project


def test_overlap_for_the_fraction_and_one_annotator_for_the_rest(corpus):
    report = corpus.assign(TEAM, overlap=2, fraction=0.25, seed=7)
    assert (report.assigned, report.overlapping, report.kept) == (60, 15, 0)
    sizes = Counter(len(names) for names in assignment(corpus).values())
    assert sizes == {1: 45, 2: 15}
    loads = Counter(name for names in assignment(corpus).values() for name in names)
    assert sum(loads.values()) == 75 and max(loads.values()) - min(loads.values()) <= 1
    pairs = Counter(tuple(names) for names in assignment(corpus).values() if len(names) == 2)
    assert len(pairs) == 3, "every pair of annotators shares documents"
    progress = {p.annotator: p for p in corpus.assignment_progress()}
    assert {p.assigned for p in progress.values()} <= {25, 24, 26}
    assert all(p.new == p.assigned for p in progress.values())


def test_the_same_seed_gives_the_same_assignment_and_another_seed_another(target):
    chosen = []
    for name, seed in [("a", 3), ("b", 3), ("c", 4)]:
        with Project.create(target(name), annotator="carol") as project:
            project.import_documents(documents(0, 40))
            project.assign(TEAM, overlap=2, fraction=0.5, seed=seed)
            chosen.append(assignment(project))
    assert chosen[0] == chosen[1]
    assert chosen[0] != chosen[2]


def test_a_rerun_after_an_import_assigns_only_the_new_documents(corpus):
    corpus.assign(TEAM, overlap=3, fraction=1.0)
    before = assignment(corpus)
    corpus.import_documents(documents(60, 9))
    report = corpus.assign(TEAM, overlap=2, fraction=1.0)
    after = assignment(corpus)
    assert (report.assigned, report.kept) == (9, 60)
    assert {doc: after[doc] for doc in before} == before
    assert all(len(after[f"d{n:03}"]) == 2 for n in range(60, 69))
    assert corpus.assign(TEAM, overlap=2).assigned == 0, "nothing left to assign"


def test_the_queue_and_next_document_follow_the_assignment(corpus):
    corpus.assign(["alice", "bob"], overlap=1)
    with Project.open(corpus.target, annotator="alice") as alice:
        alice.set_workflow("double")
        queue = alice.document_ids(queue=True)
        assert len(queue) == 30 and all(alice.annotators_of(d) == ["alice"] for d in queue)
        assert [s.id for s in alice.list_documents(queue=True, limit=5)] == queue[:5]
        alice.set_document_status(queue[0], "done")
        assert alice.document_ids("done", queue=True) == [queue[0]]
        progress = {p.annotator: p for p in alice.assignment_progress()}
        assert (progress["alice"].done, progress["alice"].new) == (1, 29)


def test_assignment_is_one_undoable_action(corpus):
    corpus.assign(TEAM, overlap=2)
    assert corpus.undo().action.startswith("assign 60 documents")
    assert all(names == [] for names in assignment(corpus).values())


@pytest.mark.parametrize("kwargs, problem", [
    ({"annotators": ["alice"], "overlap": 2}, "overlap 2"),
    ({"annotators": TEAM, "overlap": 0}, "overlap 0"),
    ({"annotators": TEAM, "overlap": 2, "fraction": 1.5}, "fraction"),
    ({"annotators": [], "overlap": 1}, "overlap 1|at least one"),
    ({"annotators": ["gold"], "overlap": 1}, "gold"),
])
def test_impossible_assignments_are_refused(corpus, kwargs, problem):
    given = dict(kwargs)
    annotators = given.pop("annotators")
    with pytest.raises(InvalidValue, match=problem):
        corpus.assign(annotators, **given)
