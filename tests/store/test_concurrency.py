"""Several annotators (several real processes) writing one project at once lose nothing that
they were told was saved, and never break the project's invariants."""

import json
import multiprocessing

import pytest

from annotator.core.records import Incoming
from annotator.store import Project
from helpers import annotate_every_word
from process_workers import accept_overlapping_pairs, stress, tag_the_same_ranges

WORDS = 200


def run_processes(function, argument_sets, timeout=300):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(argument_sets))
    workers = [context.Process(target=function, args=(*args[:-1], barrier, args[-1]))
               for args in argument_sets]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout)
        assert worker.exitcode == 0


def shared_document(target, words=WORDS):
    path = target("shared")
    with Project.create(path) as project:
        project.import_documents([Incoming("doc", " ".join(["word"] * words), "t", None)])
    return path


def overlapping_same_label_spans(path):
    with Project.open(path) as project:
        return project.db.rows(
            "SELECT a.id, b.id FROM spans a JOIN spans b ON a.doc_seq = b.doc_seq "
            "AND a.label = b.label AND a.id < b.id AND a.start_char < b.end_char "
            "AND b.start_char < a.end_char")


def forms_in_two_entities(path):
    with Project.open(path) as project:
        return project.db.rows(
            "SELECT form FROM entity_forms GROUP BY form HAVING count(*) > 1")


def test_two_processes_writing_at_once_lose_nothing(tmp_path, target):
    path = shared_document(target)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=annotate_every_word, args=(str(path), name, label, barrier))
        for name, label in (("alice", "PERSON"), ("bob", "ORG"))
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with Project.open(path) as project:
        spans = project.spans("doc")
        assert len(spans) == 2 * WORDS
        assert {s.annotator for s in spans if s.label == "PERSON"} == {"alice"}
        assert {s.annotator for s in spans if s.label == "ORG"} == {"bob"}
        assert len(project.history(1000, everyone=True)) == 2 * WORDS


def test_tagging_one_range_at_the_same_moment_keeps_the_one_span_acknowledged(tmp_path, target):
    path = shared_document(target)
    ranges = [(i * 5, i * 5 + 4) for i in range(40)]
    outs = [tmp_path / f"{name}.json" for name in ("alice", "bob", "carol")]
    run_processes(tag_the_same_ranges,
                  [(str(path), out.stem, ranges, str(out)) for out in outs])
    logs = [json.loads(out.read_text()) for out in outs]
    acknowledged = [span_id for log in logs for span_id in log["acknowledged"]]
    with Project.open(path) as project:
        stored = {s.id: s for s in project.spans("doc")}
    assert sorted(acknowledged) == sorted(stored), "every span reported saved is there"
    assert len(acknowledged) == len(ranges), "one annotator wins each range"
    refusals = [message for log in logs for message in log["refused"]]
    assert len(refusals) == 2 * len(ranges)
    assert all("tagged by" in message for message in refusals), refusals[:3]
    assert overlapping_same_label_spans(path) == []


def test_accepting_overlapping_variant_pairs_at_once_makes_one_entity(tmp_path, target):
    path = shared_document(target)
    pairs = {"alice": [["Vassilenko", "Vasilenko"], ["Tokayev", "Tokaev"]],
             "bob": [["Vasilenko", "Wassilenko"], ["Tokaev", "Toqayev"]],
             "carol": [["Wassilenko", "Vassilenko"], ["Toqayev", "Tokayev"]]}
    run_processes(accept_overlapping_pairs,
                  [(str(path), name, wanted, str(tmp_path / f"{name}.json"))
                   for name, wanted in pairs.items()])
    with Project.open(path) as project:
        entities = project.entities()
    assert sorted(sorted(e.forms) for e in entities) == [
        ["Tokaev", "Tokayev", "Toqayev"], ["Vasilenko", "Vassilenko", "Wassilenko"]]
    assert forms_in_two_entities(path) == []


@pytest.mark.slow
def test_four_processes_of_random_actions_keep_every_acknowledged_write(tmp_path, target):
    """The stress of the hardening issue: 4 processes x 1,000 barrier-synchronised
    operations (add, relabel, remove, undo, accept variants) on one document."""
    path = shared_document(target, words=60)
    ranges = [(start, start + length) for start in range(0, 40, 5) for length in (4, 9)]
    names = ["alice", "bob", "carol", "dave"]
    run_processes(stress, [(str(path), name, seed, 1000, ranges, str(tmp_path / f"{name}.json"))
                           for seed, name in enumerate(names)], timeout=900)
    logs = {name: json.loads((tmp_path / f"{name}.json").read_text()) for name in names}
    for name, log in logs.items():
        assert log["error"] is None, f"{name}: {log['error']}"
    with Project.open(path) as project:
        stored = {s.id: s for s in project.spans("doc")}
    removed = [i for log in logs.values() for i in log["removed"]]
    reinstated = [i for log in logs.values() for i in log["reinstated"]]
    uncreated = [i for log in logs.values() for i in log["uncreated"]]
    created = {int(i): (name, label) for name, log in logs.items()
               for i, label in log["created"].items()}
    for span_id, (name, label) in created.items():
        present = 1 - removed.count(span_id) + reinstated.count(span_id) \
            - uncreated.count(span_id)
        assert present in (0, 1), f"span {span_id}: impossible history"
        assert (span_id in stored) == bool(present), f"span {span_id} of {name}"
        if present:
            assert stored[span_id].label == label, f"span {span_id} of {name}"
    assert set(stored) <= set(created), "no span that no one was told about"
    assert overlapping_same_label_spans(path) == []
    assert forms_in_two_entities(path) == []
    assert sum(log["ok"] for log in logs.values()) > 1000
