"""An export written in shards: each shard's files by the process that built its rows, the
same files whatever the number of workers, rows in the documents' order."""

from __future__ import annotations

import datasets
import pytest

from annotator.core.records import Incoming, IncomingSpan
from annotator.formats import hf_shards
from annotator.formats.hf_dataset import write_dataset
from annotator.store import Project
from annotator.store import export as store_export


@pytest.fixture
def project(tmp_path, monkeypatch):
    # Chunks of 7 documents, two chunks a shard: 60 documents make five shards.
    monkeypatch.setattr(store_export, "CHUNK", 7)
    monkeypatch.setattr(hf_shards, "SHARD_CHUNKS", 2)
    with Project.create(str(tmp_path / "p.db")) as project:
        project.import_documents([
            Incoming(f"doc-{n:02d}", f"Tokayev met Vassilenko {n} times. Then Astana.", "t",
                     n + 1, {}, "done", [IncomingSpan(0, 7, "PERSON", "accepted")])
            for n in range(60)])
        yield project


def _export(project, out, workers, progress=None):
    return write_dataset(project.export_documents(), project.variant_table(), out,
                         labels=project.labels().names(), workers=workers, progress=progress)


def test_the_same_files_with_one_worker_or_two(project, tmp_path):
    _export(project, tmp_path / "one", 1)
    _export(project, tmp_path / "two", 2)
    one, two = tmp_path / "one", tmp_path / "two"
    names = sorted(p.relative_to(one).as_posix() for p in one.glob("*/*.parquet"))
    assert names == sorted(p.relative_to(two).as_posix() for p in two.glob("*/*.parquet"))
    assert len([name for name in names if name.startswith("ner/train-")]) > 1
    assert (one / "README.md").read_text() == (two / "README.md").read_text()


def test_a_split_in_shards_loads_whole_and_in_order(project, tmp_path):
    report = _export(project, tmp_path / "out", 2)
    for config in ("spans", "ner"):
        loaded = datasets.load_dataset(str(tmp_path / "out"), config)
        column = "id" if config == "spans" else "document_id"
        for split, rows in loaded.items():
            ids = rows[column]
            assert ids == sorted(ids), (config, split)
            if config == "spans":
                assert len(ids) == report.documents[split]
    spans = datasets.load_dataset(str(tmp_path / "out"), "spans")
    assert sum(len(rows) for rows in spans.values()) == 60


def test_progress_counts_every_document_once(project, tmp_path):
    seen: list[int] = []
    _export(project, tmp_path / "out", 2, seen.append)
    assert seen == sorted(seen) and seen[-1] == 60
