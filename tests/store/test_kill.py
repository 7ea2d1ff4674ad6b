"""A writer killed with SIGKILL mid-import loses nothing it had committed."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from annotator.formats import open_source
from annotator.store import Project

DOCUMENTS = 60_000

WRITER = """
import sys
from annotator.formats import open_source
from annotator.store import Project
with Project.open(sys.argv[1]) as project:
    project.import_documents(open_source(sys.argv[2]), batch_size=500)
"""


@pytest.mark.slow
def test_kill_mid_import_keeps_every_committed_record(tmp_path, target):
    records = []
    for i in range(DOCUMENTS):
        text = f"Document {i}: Vassilenko met Tokayev in Astana."
        records.append({"id": f"d{i}", "text": text,
                        "spans": [{"start": text.index("V"), "end": text.index("V") + 10,
                                   "label": "PERSON"}]})
    source = tmp_path / "big.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    path = target("p")
    Project.create(path).close()

    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(source)])
    deadline = time.monotonic() + 60
    with Project.open(path) as watcher:
        while watcher.document_count() < 2_000 and time.monotonic() < deadline:
            assert writer.poll() is None, "the import finished before it could be killed"
            time.sleep(0.01)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()

    with Project.open(path) as project:
        assert project.check(full=True) == []
        committed = project.document_count()
        assert 0 < committed < DOCUMENTS
        assert committed % 500 == 0, "whole batches, never half of one"
        for summary in project.list_documents(limit=DOCUMENTS):
            number = int(summary.id[1:])
            assert project.document(summary.id).text == records[number]["text"]
            assert [(s.start, s.end) for s in project.spans(summary.id)] == [
                (records[number]["spans"][0]["start"], records[number]["spans"][0]["end"])]
        report = project.import_documents(open_source(str(source)))
        assert (report.imported, report.duplicates) == (DOCUMENTS - committed, committed)
        assert project.document_count() == DOCUMENTS
