"""An export killed with SIGKILL leaves no worker processes behind, and the next export
cleans up its half-written folder."""

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from annotator.formats import open_source
from annotator.store import Project


@pytest.mark.slow
def test_workers_die_with_a_killed_export_and_the_next_export_cleans_up(tmp_path, target):
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(
        json.dumps({"id": f"d{i}", "text": f"Roman Vassilenko met Tokayev in Astana {i}. " * 20,
                    "spans": [{"start": 6, "end": 16, "label": "PERSON"}]}) + "\n"
        for i in range(20_000)))
    path = target("p")
    with Project.create(path) as project:
        project.import_documents(open_source(str(source)))
    out = tmp_path / "out"
    export = subprocess.Popen([sys.executable, "-m", "annotator", "export", "hf", str(out),
                               "--all", "--workers", "2", "-p", str(path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(export.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        assert export.poll() is None, "the export ended before it could be killed"
        workers = parent.children()
        time.sleep(0.05)
    assert len(workers) >= 2
    time.sleep(0.5)  # the workers are busy with chunks now
    os.kill(export.pid, signal.SIGKILL)
    export.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [], f"{len(alive)} worker(s) outlived the killed export"
    assert list(tmp_path.glob(".out.writing-*")), "the killed export left its work folder"
    again = subprocess.run([sys.executable, "-m", "annotator", "export", "hf", str(out), "--all",
                            "-p", str(path)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert list(tmp_path.glob(".out.*")) == []
    assert (out / "README.md").exists()
