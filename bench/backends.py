"""SQLite and PostgreSQL side by side, in one run: what a team pays for the server.

- import of N documents (default 100,000, as bench/import_throughput.py), 3 alternating
  runs each in fresh processes;
- the Hugging Face export of an annotated project (default 20,000 documents), and
  `variants suggest` on it (mining the corpus, clustering, explaining);
- TUI key latency with Pilot (label, cursor, next document) on a project with one 200 KB
  document among the others, net of nothing (both backends pay the same Pilot floor);
- a write stress: 4 processes x 500 barrier-synchronised operations (tag, relabel,
  remove, undo, accept variants) on one document: operations per second, and that every
  acknowledged write is still there.

The server is $ANNOTATOR_BENCH_POSTGRES (default postgresql://postgres@127.0.0.1/test, an
administrator who may create databases); databases made here are dropped at the end.

    ./dev python bench/backends.py [--documents 100000] [--annotated 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

import psycopg  # noqa: E402
from _subprocess import run_script  # noqa: E402

ADMIN = os.environ.get("ANNOTATOR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1/test")

IMPORT = """
import json, resource, sys, time
from annotator.formats import open_source
from annotator.store import Project
start = time.perf_counter()
with Project.create(sys.argv[2], annotator=None if "://" in sys.argv[2] else "bench") as project:
    # As `annotator import` does: token offsets made in workers beside the import.
    [report] = project.import_sources([(sys.argv[1], open_source(sys.argv[1]))],
                                      tokenize_beside=True)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": report.imported,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

EXPORT = """
import json, sys, time
from annotator.formats.hf_dataset import write_dataset
from annotator.store import Project
start = time.perf_counter()
with Project.open(sys.argv[1], annotator=None if "://" in sys.argv[1] else "bench") as project:
    report = write_dataset(project.export_documents(), project.variant_table(), sys.argv[2],
                           labels=project.labels().names(), overwrite=True, workers=2)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "rows": sum(report.documents.values())}))
"""

SUGGEST = """
import json, sys, time
from annotator.store import Project
start = time.perf_counter()
with Project.open(sys.argv[1], annotator=None if "://" in sys.argv[1] else "bench") as project:
    found = project.variant_suggestions()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(found)}))
"""


class Server:
    """Fresh databases on the benchmark server, dropped at the end."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.base = ADMIN.rsplit("/", 1)[0]

    def new(self, anyone: bool = False) -> str:
        """A database URL; `anyone`: without the administrator's user in it, so that each
        annotator logs in as their own role (created here when missing)."""
        name = f"annotator_bench_{uuid.uuid4().hex[:8]}"
        self.made.append(name)
        if not anyone:
            return f"{self.base}/{name}"
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            roles = {row[0] for row in admin.execute("SELECT rolname FROM pg_roles")}
            for role in ("alice", "bob", "carol", "dave"):
                if role not in roles:
                    admin.execute(f'CREATE ROLE "{role}" LOGIN SUPERUSER')
        host = self.base.split("://", 1)[1].split("@")[-1]
        return f"postgresql://{host}/{name}"

    def drop(self) -> None:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            for name in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def median_runs(script: str, argv: dict[str, callable], repeats: int) -> dict[str, list[float]]:
    """Each backend `repeats` times, alternating, with the arguments `argv[backend]()` makes:
    {backend: [seconds, ...]}."""
    runs: dict[str, list[float]] = {name: [] for name in argv}
    for _ in range(repeats):
        for name, make in argv.items():
            runs[name].append(run_script(script, *make())["seconds"])
    return runs


def table(title: str, runs: dict[str, list[float]], unit: str = "s") -> None:
    sqlite, server = (statistics.median(runs[k]) for k in ("SQLite", "PostgreSQL"))
    print(f"{title:<44}{sqlite:>10.2f}{server:>12.2f}{server / sqlite:>8.2f}x   {unit}")


def stress(target: str, folder: Path, operations: int) -> tuple[float, int, int]:
    """(acknowledged operations per second, acknowledged, lost)."""
    from annotator.core.records import Incoming
    from annotator.store import Project
    from process_workers import stress as worker

    with Project.create(target, annotator="alice") as project:
        project.import_documents([Incoming("doc", " ".join(["word"] * 60), "t", None)])
    ranges = [(start, start + length) for start in range(0, 40, 5) for length in (4, 9)]
    names = ["alice", "bob", "carol", "dave"]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(names))
    workers = [context.Process(target=worker, args=(target, name, seed, operations, ranges,
                                                    barrier, str(folder / f"{name}.json")))
               for seed, name in enumerate(names)]
    started = time.perf_counter()
    for process in workers:
        process.start()
    for process in workers:
        process.join()
    seconds = time.perf_counter() - started
    logs = [json.loads((folder / f"{name}.json").read_text()) for name in names]
    assert all(log["error"] is None for log in logs), [log["error"] for log in logs]
    with Project.open(target, annotator="alice") as project:
        stored = {span.id for span in project.spans("doc")}
    removed = [i for log in logs for i in log["removed"]]
    back = [i for log in logs for i in log["reinstated"]]
    gone = [i for log in logs for i in log["uncreated"]]
    created = [int(i) for log in logs for i in log["created"]]
    lost = sum(1 for i in created
               if (1 - removed.count(i) + back.count(i) - gone.count(i)) and i not in stored)
    acknowledged = sum(log["ok"] for log in logs)
    return acknowledged / seconds, acknowledged, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--annotated", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--operations", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("ANNOTATOR_KEYMAP", os.devnull + ".toml")
    os.environ["ANNOTATOR_NAME"] = ADMIN.split("://", 1)[1].split("@")[0] if "@" in ADMIN \
        else os.environ.get("ANNOTATOR_NAME", "postgres")
    server = Server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            counter = iter(range(10**6))
            print(f"medians of {args.repeats} alternating runs; ratio = PostgreSQL / SQLite\n")
            print(f"{'':<44}{'SQLite':>10}{'PostgreSQL':>12}{'ratio':>9}")

            from import_throughput import generate
            source = folder / "corpus.jsonl"
            generate(source, args.documents)
            runs = median_runs(IMPORT, {
                "SQLite": lambda: [str(source), str(folder / f"import-{next(counter)}.db")],
                "PostgreSQL": lambda: [str(source), server.new()]}, args.repeats)
            table(f"import, {args.documents:,} documents", runs)

            from export_throughput import make_project as annotated
            projects = {"SQLite": str(folder / "annotated.db"), "PostgreSQL": server.new()}
            for target in projects.values():
                annotated_into(target, folder, args.annotated, annotated)
            runs = median_runs(EXPORT, {
                name: (lambda t=target: [t, str(folder / f"export-{next(counter)}")])
                for name, target in projects.items()}, args.repeats)
            table(f"export hf, {args.annotated:,} annotated documents", runs)
            runs = {name: [run_script(SUGGEST, target)["seconds"] for _ in range(args.repeats)]
                    for name, target in projects.items()}
            table(f"variants suggest, {args.annotated:,} documents", runs)

            from tui_latency import make_project as tui_project
            from tui_latency import measure
            keys: dict[str, dict[str, float]] = {}
            for name, target in (("SQLite", str(folder / "tui.db")),
                                 ("PostgreSQL", server.new())):
                tui_project(target, args.annotated, 200_000, folder)
                keys[name] = asyncio.run(measure(target, args.presses))
            for action in ("label", "cursor", "next document", "open the 200 KB document",
                           "open project"):
                table(f"TUI {action} (ms, {args.annotated:,} documents)",
                      {name: [keys[name][action]] for name in keys}, "ms")

            results = {}
            for name, target in (("SQLite", str(folder / "stress.db")),
                                 ("PostgreSQL", server.new(anyone=True))):
                (folder / name).mkdir()
                results[name] = stress(target, folder / name, args.operations)
            print(f"{'write stress, 4 x ' + str(args.operations) + ' operations':<44}"
                  f"{results['SQLite'][0]:>10.0f}{results['PostgreSQL'][0]:>12.0f}"
                  f"{results['PostgreSQL'][0] / results['SQLite'][0]:>8.2f}x   "
                  "acknowledged ops/s")
            print(f"{'  acknowledged / lost':<44}"
                  f"{results['SQLite'][1]:>6} / {results['SQLite'][2]}"
                  f"{results['PostgreSQL'][1]:>8} / {results['PostgreSQL'][2]}")
    finally:
        server.drop()


def annotated_into(target: str, folder: Path, documents: int, maker) -> None:
    """bench/export_throughput.py's annotated corpus, into a file or a server project."""
    scratch = folder / f"annotated-{uuid.uuid4().hex[:6]}.db"
    maker(scratch, documents)  # writes the JSONL beside it and a file project
    if "://" in target:
        from annotator.store.copy import copy_project
        copy_project(scratch, target)
    else:
        scratch.rename(target)


if __name__ == "__main__":
    main()
