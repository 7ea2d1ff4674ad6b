"""Export throughput: `annotator export hf` against the floor, in one run.

The floor writes the very same rows (the export's own output, loaded into memory first and
not timed) to Parquet with pyarrow directly, in the same batches. annotator's figure
includes everything the export does: reading the store (texts, spans, and the token
offsets kept at import), BIO tags, sentence rows, the three configs, with two worker
processes that each read, build and write shards of 5,000 documents; "worker MB" is the
largest worker's peak. A project whose offsets were not kept (imported by an older
version) is exported once too: then the export tokenizes every document.
Each measurement runs in a fresh process (peak memory is its own); runs alternate; medians.

The interchange writers (JSONL, Prodigy, doccano, CoNLL, Label Studio, brat) are timed the
same way, each against doccano's (the least a writer can do: read each document and write
one line), at the full size and at half of it: streaming writers keep the same peak memory.

    ./dev python bench/export_throughput.py [--documents 100000] [--repeats 3] [--no-writers]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _subprocess import run_script  # noqa: E402

WORDS = ("Roman Vassilenko met Tokayev in Astana as the Mazhilis and maslikhat observers from "
         "Kazinform and Qazaqstan TV reported on the election commission and its voters").split()

OURS = """
import json, resource, sys, time
from annotator.formats.hf_dataset import write_dataset
from annotator.store import Project
start = time.perf_counter()
with Project.open(sys.argv[1]) as project:
    report = write_dataset(project.export_documents(), project.variant_table(), sys.argv[2],
                           labels=project.labels().names(), overwrite=True, workers=2)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": sum(report.documents.values()),
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

WRITER = """
import json, pathlib, resource, sys, time
from annotator.formats.export_formats import WRITERS
from annotator.store import Project
start = time.perf_counter()
with Project.open(sys.argv[1]) as project:
    count = WRITERS[sys.argv[3]].write(project.export_documents(), pathlib.Path(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": count,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
WRITER_NAMES = ("doccano", "jsonl", "prodigy", "conll", "labelstudio", "brat")

FLOOR = """
import json, resource, sys, time, pathlib
import pyarrow as pa, pyarrow.parquet as pq
tables = {p: pq.read_table(p) for p in pathlib.Path(sys.argv[1]).glob("*/*.parquet")}
rows = {p: (t.schema, t.to_pylist()) for p, t in tables.items()}
del tables
out = pathlib.Path(sys.argv[2]); out.mkdir(exist_ok=True)
start = time.perf_counter()
count = 0
for i, (path, (schema, pylist)) in enumerate(rows.items()):
    with pq.ParquetWriter(out / f"{i}.parquet", schema) as writer:
        for b in range(0, len(pylist), 1000):
            writer.write_table(pa.Table.from_pylist(pylist[b:b + 1000], schema=schema))
    count += len(pylist) if "spans" in str(path) else 0
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": count,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_project(path: Path, documents: int) -> int:
    from annotator.formats import open_source
    from annotator.store import Project

    rng = random.Random(3)
    source = path.with_suffix(".jsonl")
    with open(source, "w", encoding="utf-8") as out:
        for i in range(documents):
            words, length, spans = [], 0, []
            while length < 1000:
                word = rng.choice(WORDS)
                if word[0].isupper() and rng.random() < 0.3:
                    spans.append({"start": length, "end": length + len(word),
                                  "label": rng.choice(["PERSON", "ORG", "LOC"])})
                words.append(word)
                length += len(word) + 1
            out.write(json.dumps({"id": f"doc-{i}", "text": " ".join(words), "status": "done",
                                  "spans": spans}) + "\n")
    with Project.create(path, annotator="bench") as project:
        project.import_documents(open_source(str(source)))
    return source.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-writers", action="store_true",
                        help="only the Hugging Face export")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project, half = work / "p.db", work / "half.db"
        size = make_project(project, args.documents)
        make_project(half, args.documents // 2)
        runs: dict[str, list[dict]] = {"floor": [], "annotator": []}
        for repeat in range(args.repeats):
            runs["annotator"].append(run_script(OURS, str(project), str(work / "export")))
            floor_out = str(work / f"floor-{repeat}")
            runs["floor"].append(run_script(FLOOR, str(work / "export"), floor_out))
        half_run = run_script(OURS, str(half), str(work / "half-export"))
        untokenized = _without_offsets(project, work / "old.db")
        old_run = run_script(OURS, str(untokenized), str(work / "old-export"))
        writers: dict[str, list[dict]] = {name: [] for name in WRITER_NAMES}
        writers_half: dict[str, dict] = {}
        if not args.no_writers:
            for repeat in range(args.repeats):
                for name in WRITER_NAMES:
                    out = work / f"{name}-{repeat}"
                    writers[name].append(run_script(WRITER, str(project), str(out), name))
                    _remove(out)
            for name in WRITER_NAMES:
                writers_half[name] = run_script(WRITER, str(half), str(work / f"{name}-h"), name)
                _remove(work / f"{name}-h")
    print(f"{args.documents:,} annotated documents ({size / 1e6:.0f} MB of JSONL), "
          f"{args.repeats} alternating runs each, medians\n")
    floor = statistics.median(r["seconds"] for r in runs["floor"])
    print(f"{'':<34}{'seconds':>9}{'docs/s':>10}{'peak MB':>9}{'worker MB':>10}{'x floor':>9}")
    for name in ("floor", "annotator"):
        seconds = statistics.median(r["seconds"] for r in runs[name])
        rss = statistics.median(r["max_rss_mb"] for r in runs[name])
        workers = statistics.median(r.get("worker_rss_mb", 0) for r in runs[name])
        label = "floor (pyarrow, same rows)" if name == "floor" else "annotator export hf"
        worker_cell = f"{workers:>10.0f}" if workers else f"{'':>10}"
        print(f"{label:<34}{seconds:>9.2f}{args.documents / seconds:>10,.0f}{rss:>9.0f}"
              f"{worker_cell}{seconds / floor:>9.2f}")
    print(f"{'annotator, half the documents':<34}{half_run['seconds']:>9.2f}{'':>10}"
          f"{half_run['max_rss_mb']:>9.0f}{half_run['worker_rss_mb']:>10.0f}"
          "   (constant memory: peak MB should match)")
    print(f"{'annotator, offsets not kept (once)':<34}{old_run['seconds']:>9.2f}"
          f"{args.documents / old_run['seconds']:>10,.0f}{old_run['max_rss_mb']:>9.0f}"
          f"{old_run['worker_rss_mb']:>10.0f}{old_run['seconds'] / floor:>9.2f}")
    print("\nthe floor holds every row in memory before writing; its peak is not comparable")
    if args.no_writers:
        return
    print(f"\ninterchange writers, {args.documents:,} documents\n")
    print(f"{'':<14}{'seconds':>9}{'docs/s':>10}{'peak MB':>9}{'x doccano':>11}"
          f"{'half: peak MB':>15}")
    reference = statistics.median(r["seconds"] for r in writers["doccano"])
    for name in WRITER_NAMES:
        seconds = statistics.median(r["seconds"] for r in writers[name])
        rss = statistics.median(r["max_rss_mb"] for r in writers[name])
        print(f"{name:<14}{seconds:>9.2f}{args.documents / seconds:>10,.0f}{rss:>9.0f}"
              f"{seconds / reference:>11.2f}{writers_half[name]['max_rss_mb']:>15.0f}")
    print("(constant memory: the peak at half the documents should match the full peak)")


def _without_offsets(project: Path, copy: Path) -> Path:
    """A copy of the project without the token offsets kept at import."""
    import sqlite3

    source, target = sqlite3.connect(project), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("DELETE FROM document_tokens")
    target.commit()
    target.close()
    return copy


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


if __name__ == "__main__":
    main()
