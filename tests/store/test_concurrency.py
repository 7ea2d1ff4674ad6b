"""Two annotators (two processes) writing the same project at once lose nothing."""

import multiprocessing

from annotator.core.records import Incoming
from annotator.store import Project
from helpers import annotate_every_word

WORDS = 200


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.db"
    with Project.create(path) as project:
        project.import_documents([Incoming("doc", " ".join(["word"] * WORDS), "t", None)])
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
