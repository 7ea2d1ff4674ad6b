"""Import throughput: the project's import (as `annotator import` runs it, with the token
offsets that exports read made in a worker process beside it) against the floor, in one run.

The floor reads and parses the same JSONL with `jsonlines` and inserts the raw rows (id,
text) into an empty SQLite table in one transaction: the least any importer must do.
Each measurement runs in a fresh process, so its peak memory (max RSS) is its own.
Runs alternate between the two, and medians are reported.

    ./dev python bench/import_throughput.py [--documents 100000] [--repeats 3]
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

WORDS = [
    "election", "Mazhilis", "maslikhat", "Kazakhstan", "Vassilenko", "Vasilenko", "Tokayev",
    "Qazaqstan", "observers", "Astana", "parliament", "minister", "said", "the", "of", "and",
    "to", "in", "a", "commission", "voters", "Мәжіліс", "Қазақстан", "сайлау", "депутат",
    "Kazinform", "ballot", "campaign", "reform", "Nur-Sultan",
]

FLOOR = """
import json, resource, sqlite3, sys, time, jsonlines
start = time.perf_counter()
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("CREATE TABLE raw (id TEXT, text TEXT)")
conn.execute("BEGIN")
with jsonlines.open(sys.argv[1]) as reader:
    conn.executemany("INSERT INTO raw VALUES (?, ?)", ((r["id"], r["text"]) for r in reader))
conn.execute("COMMIT")
seconds = time.perf_counter() - start
rows = conn.execute("SELECT count(*) FROM raw").fetchone()[0]
print(json.dumps({"seconds": seconds, "rows": rows,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

OURS = """
import json, resource, sys, time
from annotator.formats import open_source
from annotator.store import Project
start = time.perf_counter()
with Project.create(sys.argv[2], annotator="bench") as project:
    # As `annotator import` does: token offsets made in a worker beside the import.
    [report] = project.import_sources([(sys.argv[1], open_source(sys.argv[1]))],
                                      tokenize_beside=True)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": report.imported,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(path: Path, documents: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(documents):
            words, length = [], 0
            while length < 1000:
                words.append(rng.choice(WORDS))
                length += len(words[-1]) + 1
            record = {"id": f"doc-{i}", "text": " ".join(words) + f" #{i}",
                      "meta": {"source": rng.choice(["kazinform", "astana times"]), "n": i}}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def measure(script: str, source: Path, workdir: Path, run: int) -> dict:
    db = workdir / f"run-{run}.db"
    result = run_script(script, str(source), str(db))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        source = workdir / "corpus.jsonl"
        size = generate(source, args.documents)
        double = workdir / "double.jsonl"
        generate(double, args.documents * 2)
        print(f"{args.documents:,} documents, {size / 1e6:.1f} MB of JSONL; "
              f"{args.repeats} alternating runs each, medians\n")
        runs: dict[str, list[dict]] = {"floor": [], "annotator": []}
        for repeat in range(args.repeats):
            runs["floor"].append(measure(FLOOR, source, workdir, repeat))
            runs["annotator"].append(measure(OURS, source, workdir, repeat))
        double_ours = measure(OURS, double, workdir, 99)

        floor_s = statistics.median(r["seconds"] for r in runs["floor"])
        print(f"{'':<22}{'seconds':>9}{'docs/s':>10}{'MB/s':>8}{'peak MB':>9}{'x floor':>9}")
        for name, results in runs.items():
            assert all(r["rows"] == args.documents for r in results), f"{name} lost rows"
            seconds = statistics.median(r["seconds"] for r in results)
            rss = statistics.median(r["max_rss_mb"] for r in results)
            print(f"{name:<22}{seconds:>9.2f}{args.documents / seconds:>10,.0f}"
                  f"{size / 1e6 / seconds:>8.1f}{rss:>9.0f}{seconds / floor_s:>9.2f}")
        print(f"{'annotator, 2x input':<22}{double_ours['seconds']:>9.2f}"
              f"{args.documents * 2 / double_ours['seconds']:>10,.0f}{'':>8}"
              f"{double_ours['max_rss_mb']:>9.0f}   (bounded memory: same peak at twice the input;"
              " SQLite's page cache is capped at 64 MB)")
        print("\nall runs (s):", {k: [round(r["seconds"], 2) for r in v] for k, v in runs.items()})


if __name__ == "__main__":
    main()
