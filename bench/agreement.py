"""Inter-annotator agreement on a large double-annotated corpus, against the reference
implementations side by side.

- a project of N documents (default 10,000 news-like documents of about 130 tokens) that
  three annotators finished, with disagreements drawn at random (a name left out, labelled
  otherwise, or one word wider); set up with bulk SQL (not measured);
- `annotator agreement --format json` on it, in a fresh process each time (3 runs, median):
  span F1 exact and partial, kappa per pair, alpha, by label, by document, entity links;
  the same on PostgreSQL when a server is there;
- the baseline: scikit-learn's `cohen_kappa_score` for the three pairs and the `krippendorff`
  package's alpha, on the tokens of the first M documents (default 1,000: the package
  builds a units x values x values array, which at 10,000 documents would need gigabytes),
  against annotator's own measure of the same documents: seconds, peak memory, and that
  the figures are equal.

    ./dev python bench/agreement.py [--documents 10000] [--baseline-documents 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _subprocess import run_script  # noqa: E402

from annotator.core.records import Incoming  # noqa: E402
from annotator.store import Project  # noqa: E402

ADMIN = os.environ.get("ANNOTATOR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1/test")
ANNOTATORS = ("alice", "bob", "carol")
PEOPLE = ["Vassilenko", "Tokayev", "Nazarbayev", "Masimov", "Smailov", "Mamin", "Ashimbayev",
          "Koshanov", "Zhaksybekov", "Sagintayev"]
PLACES = ["Astana", "Almaty", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Kazakhstan"]
ORGS = ["Mazhilis", "Senate", "Kazinform", "Samruk-Kazyna", "Akorda", "Nur Otan"]
FILLER = ("the delegation said on Monday that the agreement would be signed after the "
          "talks , and officials added that further meetings are planned for next month "
          "while observers noted progress on trade and energy").split()


def document(number: int, draw: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """About 130 tokens: eight sentences of filler, each ending in a name; the names' spans
    are the truth."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    for _ in range(8):
        label, pool = draw.choice([("PERSON", PEOPLE), ("LOC", PLACES), ("ORG", ORGS)])
        name = draw.choice(pool)
        text += " ".join(draw.sample(FILLER, 14)) + " "
        spans.append((len(text), len(text) + len(name), label))
        text += name + " . "
    return text + f"({number})", spans


def annotator_version(spans, draw: random.Random, text: str):
    made = []
    for start, end, label in spans:
        roll = draw.random()
        if roll < 0.05:
            continue                                      # left out
        if roll < 0.09:
            label = {"PERSON": "ORG", "ORG": "LOC", "LOC": "ORG"}[label]  # labelled otherwise
        elif roll < 0.12:
            end = text.index(" ", end + 1) if " " in text[end + 1:] else end  # one word wider
        made.append((start, end, label))
    return made


def build(path: str, documents: int) -> None:
    draw = random.Random(7)
    with Project.create(path, annotator="lin") as project:
        made = [document(n, draw) for n in range(documents)]
        project.import_documents(Incoming(f"n{n:06}", text, "bench", None)
                                 for n, (text, _) in enumerate(made))
        project.set_workflow("double")
        seqs = dict(project.db.rows("SELECT id, seq FROM documents"))
        at = "2026-11-30T00:00:00+00:00"
        with project.db.transaction():
            project.db.executemany(
                "INSERT INTO assignments (doc_seq, annotator, status, assigned_at) "
                "VALUES (?, ?, 'done', ?)",
                [(seqs[f"n{n:06}"], name, at) for n in range(documents) for name in ANNOTATORS])
            rows = []
            for n, (text, truth) in enumerate(made):
                for name in ANNOTATORS:
                    for start, end, label in annotator_version(truth, draw, text):
                        rows.append((seqs[f"n{n:06}"], start, end, label, name, at, name))
            project.db.executemany(
                "INSERT INTO spans (doc_seq, start_char, end_char, label, status, annotator, "
                "created_at, layer) VALUES (?, ?, ?, ?, 'accepted', ?, ?, ?)", rows)


def cli_seconds(target: str, runs: int = 3) -> tuple[float, dict]:
    times, found = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        output = subprocess.run([sys.executable, "-m", "annotator", "agreement", "-p", target,
                                 "--format", "json"], capture_output=True, text=True,
                                check=True).stdout
        times.append(time.perf_counter() - start)
        found = json.loads(output)
    return statistics.median(times), found


OURS = """
import json, resource, sys, time
from annotator.store import Project
from annotator.store import agreement_data
from annotator.agreement import measure
with Project.open(sys.argv[1], annotator="lin") as project:
    chosen = agreement_data.finished(project.db, None)
    chosen = {seq: names for seq, names in sorted(chosen.items())[:int(sys.argv[2])]}
    documents = list(agreement_data.documents(project.db, chosen))
    start = time.perf_counter()
    report = measure(documents, project.labels().names())
print(json.dumps({"seconds": time.perf_counter() - start,
                  "kappa": {f"{p.a}-{p.b}": p.kappa for p in report.pairs},
                  "alpha": report.overall.alpha,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

REFERENCE = """
import json, math, resource, sys, time
import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score
from annotator.core.bio import spans_to_bio_columns
from annotator.store import Project
from annotator.store import agreement_data
with Project.open(sys.argv[1], annotator="lin") as project:
    chosen = agreement_data.finished(project.db, None)
    chosen = {seq: names for seq, names in sorted(chosen.items())[:int(sys.argv[2])]}
    documents = list(agreement_data.documents(project.db, chosen))
names = ["alice", "bob", "carol"]
tags = {name: [] for name in names}
for doc in documents:
    for name in names:
        tags[name] += spans_to_bio_columns(doc.token_starts, doc.token_ends,
            [(m.start, m.end, m.label) for m in doc.marks[name]]).tags
start = time.perf_counter()
kappa = {f"{a}-{b}": cohen_kappa_score(tags[a], tags[b])
         for a, b in (("alice", "bob"), ("alice", "carol"), ("bob", "carol"))}
codes = {}
data = np.array([[codes.setdefault(t, len(codes)) for t in tags[name]] for name in names],
                dtype=float)
alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
print(json.dumps({"seconds": time.perf_counter() - start, "kappa": kappa, "alpha": alpha,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def median_run(script: str, *args: str, runs: int = 3) -> dict:
    found = [run_script(script, *args) for _ in range(runs)]
    middle = sorted(found, key=lambda r: r["seconds"])[len(found) // 2]
    return {**middle, "max_rss_mb": max(r["max_rss_mb"] for r in found)}


def postgres_copy(path: str) -> str | None:
    try:
        import psycopg

        psycopg.connect(ADMIN, connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 - no server: that half is left out
        print(f"(no PostgreSQL server at {ADMIN}: {str(error).splitlines()[0]})")
        return None
    from annotator.store.copy import copy_project

    base = ADMIN.rsplit("/", 1)[0]
    url = f"{base}/annotator_bench_{uuid.uuid4().hex[:8]}"
    copy_project(path, url)
    return url


def drop(url: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--baseline-documents", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "agreement.db")
        start = time.perf_counter()
        build(path, args.documents)
        print(f"built {args.documents} documents x {len(ANNOTATORS)} annotators in "
              f"{time.perf_counter() - start:.1f} s (not measured)\n")
        seconds, report = cli_seconds(path)
        print(f"annotator agreement --format json, SQLite, {report['documents']} documents "
              f"(median of 3, fresh process): {seconds:.2f} s")
        print(f"  overall: {json.dumps(report['overall'])}")
        url = postgres_copy(path)
        if url is not None:
            try:
                pg_seconds, pg_report = cli_seconds(url)
            finally:
                drop(url)
            same = pg_report["overall"] == report["overall"]
            print(f"annotator agreement, PostgreSQL: {pg_seconds:.2f} s "
                  f"({pg_seconds / seconds:.2f}x SQLite); same figures: {same}")
        count = str(args.baseline_documents)
        ours, theirs = median_run(OURS, path, count), median_run(REFERENCE, path, count)
        print(f"\nbaseline on the first {count} documents (median of 3; both read the same "
              "documents first, not timed):")
        print(f"  {'':38} {'seconds':>8} {'peak MB':>8}")
        print(f"  {'annotator (all figures)':38} {ours['seconds']:>8.2f} "
              f"{ours['max_rss_mb']:>8.0f}")
        print(f"  {'scikit-learn kappa x3 + krippendorff':38} {theirs['seconds']:>8.2f} "
              f"{theirs['max_rss_mb']:>8.0f}")
        print(f"  ratio reference / annotator: {theirs['seconds'] / ours['seconds']:.2f}x "
              "time")
        close = all(abs(ours["kappa"][k] - theirs["kappa"][k]) < 1e-9 for k in ours["kappa"]) \
            and abs(ours["alpha"] - theirs["alpha"]) < 1e-9
        print(f"  same kappa and alpha: {close}")


if __name__ == "__main__":
    main()
