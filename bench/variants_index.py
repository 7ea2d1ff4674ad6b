"""The persisted form index at scale: a project of 100,000 documents that name generated
Central Asian people and places (romanized several ways each, as variants_speed makes
them), side by side with re-mining the corpus, as every session did before the index.

1. Building the index the first time (an old project's first use; once).
2. Opening the project in a fresh process until the first suggestions are ready, with the
   index, against mining every document first (the baseline).
3. Adding 1,000 documents: bringing the index up to date, against re-mining everything.

Mining 1,000,000 distinct forms from scratch is bench/variants_speed.py's figure.

    ./dev python bench/variants_index.py [--documents 100000] [--repeats 3]
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
from variants_speed import generate  # noqa: E402

FILLER = ("the minister said that the delegation from the region met officials in the capital "
          "and discussed trade transport water energy and the new agreement on cooperation "
          "while observers noted progress").split()

FIRST = """
import json, sys, time
start = time.perf_counter()
from annotator.store import Project
with Project.open(sys.argv[1]) as project:
    if sys.argv[2] == "index":
        suggestions = project.variant_suggestions()
    else:
        from annotator.store.variant_decisions import suggestions as suggest_from
        from annotator.variants.candidates import mine
        from annotator.store import documents
        stats = mine(documents.texts(project.db))
        suggestions = suggest_from(project.db, stats)
print(json.dumps({"seconds": time.perf_counter() - start, "suggestions": len(suggestions)}))
"""

UPDATE = """
import json, sys, time
from annotator.store import Project, form_index
from annotator.formats import open_source
with Project.open(sys.argv[1]) as project:
    project.import_documents(open_source(sys.argv[2]))
    start = time.perf_counter()
    if sys.argv[3] == "index":
        added = form_index.catch_up(project.db)
    else:
        from annotator.variants.candidates import mine
        from annotator.store import documents
        added = len(mine(documents.texts(project.db)))
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "added": added}))
"""

BUILD = """
import json, sys, time
from annotator.store import Project, form_index
with Project.open(sys.argv[1]) as project:
    start = time.perf_counter()
    indexed = form_index.catch_up(project.db)
    seconds = time.perf_counter() - start
    forms = project.db.scalar("SELECT count(*) FROM form_index")
print(json.dumps({"seconds": seconds, "indexed": indexed, "forms": forms}))
"""


def write_corpus(path: Path, documents: int, names: list[str], seed: int, first: int = 0) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(first, first + documents):
            words = []
            for _ in range(14):
                words += rng.sample(FILLER, 8)
                words.append(rng.choice(names))
                if rng.random() < 0.3:
                    words.append(rng.choice(names))
                words[-1] += "."
            words[0] = words[0].capitalize()
            out.write(json.dumps({"id": f"doc-{i}", "text": " ".join(words)}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--names", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    names = generate(args.names)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        write_corpus(corpus, args.documents, names, seed=5)
        project = work / "p.db"
        run_script("import sys\nfrom annotator.store import Project\n"
                   "from annotator.formats import open_source\n"
                   "with Project.create(sys.argv[1]) as p: p.import_documents(open_source("
                   "sys.argv[2]))\nprint('{}')", str(project), str(corpus))
        build = run_script(BUILD, str(project))
        computed = run_script(FIRST, str(project), "index")  # computes and keeps them
        firsts: dict[str, list[dict]] = {"index": [], "mining": []}
        for _ in range(args.repeats):
            for way in firsts:
                firsts[way].append(run_script(FIRST, str(project), way))
        updates: dict[str, list[dict]] = {"index": [], "mining": []}
        after_update: list[dict] = []
        for repeat in range(args.repeats):
            for number, way in enumerate(updates):
                more = work / f"more-{repeat}-{way}.jsonl"
                write_corpus(more, 1000, names, seed=100 + 2 * repeat + number,
                             first=args.documents + 1000 * (2 * repeat + number))
                updates[way].append(run_script(UPDATE, str(project), str(more), way))
            after_update.append(run_script(FIRST, str(project), "index"))
    print(f"{args.documents:,} documents naming {args.names:,} generated spellings; "
          f"{args.repeats} alternating runs, medians\n")
    print(f"building the index the first time: {build['seconds']:.1f} s for "
          f"{build['indexed']:,} documents, {build['forms']:,} distinct forms (once)\n")
    print(f"{'':<52}{'index s':>9}{'re-mining s':>13}{'ratio':>8}")
    first_index = statistics.median(r["seconds"] for r in firsts["index"])
    first_mining = statistics.median(r["seconds"] for r in firsts["mining"])
    print(f"{'open, first suggestions (kept from the last session)':<52}{first_index:>9.2f}"
          f"{first_mining:>13.2f}{first_mining / first_index:>8.1f}")
    changed = statistics.median(r["seconds"] for r in after_update)
    print(f"{'open after documents were added (computed again)':<52}{changed:>9.2f}"
          f"{first_mining:>13.2f}{first_mining / changed:>8.1f}")
    update_index = statistics.median(r["seconds"] for r in updates["index"])
    update_mining = statistics.median(r["seconds"] for r in updates["mining"])
    print(f"{'1,000 documents added: forms up to date':<52}{update_index:>9.2f}"
          f"{update_mining:>13.2f}{update_mining / update_index:>8.1f}")
    print(f"\nthe first computation after the index was built: {computed['seconds']:.1f} s; "
          f"{firsts['index'][0]['suggestions']:,} suggestions")
    print("goals: first suggestions within 1 s of opening; 1,000 documents added to the "
          "index within 2 s")


if __name__ == "__main__":
    main()
