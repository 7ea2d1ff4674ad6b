"""Translation throughput: annotator's batch path (CTranslate2 driven directly, sentences
sorted by length and batched) against argostranslate's translate() called once per
sentence, the same package in the same run.

Packages are built here, offline (annotator.translate.demo_packages): a tiny one, and one
the size of Argos's own translation models (6+6 layers, 512 wide, 8 heads, 2048
feed-forward, int8). Their SentencePiece vocabularies are trained on the sample corpus, so
a sentence is about as many pieces long as with Argos's vocabularies; the vocabularies are
smaller than Argos's 32k, so the output layer costs less than theirs. Routes: en->ru
(direct) and en->ru->kk (pivot). Sentences: the sample corpus's distinct sentences (the
batch path translates a repeated sentence once, which would flatter it). Each measurement
runs in a fresh process (models loaded and warmed up before the clock starts), so its peak
memory is its own. Beam 4. Argos runs with one thread, its best setting on 2 cores; the
batch path is measured with one thread and with two workers (both cores).

    ./dev python bench/translate_throughput.py [--sentences N] [--large-sentences N] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _subprocess import run_script  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

MEASURE = r"""
import json, resource, sys, time
from annotator.translate.engines import ArgosEngine, BatchEngine, TranslateOptions
from annotator.translate.packages import installed_packages
from annotator.translate.routes import find_route

mode, target, path = sys.argv[1:4]
count, batch = int(sys.argv[4]), int(sys.argv[5])
sentences = json.load(open(path))[:count]
route = find_route(installed_packages(), "en", target)
workers = 2 if mode == "batch2" else 1
options = TranslateOptions(beam_size=4, threads=1, batch_size=batch, workers=workers)
engine = ArgosEngine(options) if mode == "argos" else BatchEngine(options)
engine.translate(["Warm up.", "Load the models first."], route)
start = time.perf_counter()
out = engine.translate(sentences, route)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "output": out}))
"""

SIZES = {
    "tiny (1+1 layers, 128 wide)": {},
    "Argos-sized (6+6 layers, 512 wide, int8)": {
        "layers": 6, "dim": 512, "heads": 8, "ffn": 2048, "quantization": "int8"},
}
MODES = ("argos", "batch", "batch2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=0,
                        help="sentences for the tiny model (default: all distinct ones)")
    parser.add_argument("--large-sentences", type=int, default=40,
                        help="sentences for the Argos-sized model (it is slow on 2 cores)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="annotator-bench-translate-"))
    # Argos reads its directories at import: isolate them before anything imports it.
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())
    os.environ["ARGOS_INTRA_THREADS"] = "1"
    from annotator.core.tokenize import split_sentences
    from annotator.translate.demo_alphabets import transliterate
    from annotator.translate.demo_packages import DemoPackage, build_package

    corpus = list(dict.fromkeys(
        s.text for p in sorted((ROOT / "corpus").glob("*.txt"))
        for s in split_sentences(p.read_text("utf-8"))))
    english = "\n".join(corpus) + "\n"
    russian = re.sub(r"[A-Za-z]+", lambda m: transliterate(m.group(), "en", "ru"), english)
    sentences_file = scratch / "sentences.json"
    sentences_file.write_text(json.dumps(corpus))
    counts = {size: min(len(corpus), n or len(corpus))
              for size, n in zip(SIZES, (args.sentences, args.large_sentences), strict=True)}

    print(f"sample corpus, distinct sentences; beam 4, batch {args.batch_size}; "
          f"medians of {args.repeats} fresh processes\n")
    print("| model | route | sentences | argostranslate translate() per sentence, 1 thread "
          "| batch path, 1 thread | ratio | batch path, 2 workers | ratio "
          "| peak MB (argos / batch / 2 workers) | same output as argos |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for index, (size, shape) in enumerate(SIZES.items()):
        os.environ["ARGOS_PACKAGES_DIR"] = str(scratch / f"packages-{index}")
        files = [build_package(DemoPackage(a, b, vocab_size=8000, extra_training_text=text,
                                           **shape), scratch / f"files-{index}")
                 for a, b, text in (("en", "ru", english), ("ru", "kk", russian))]
        _install(files)
        count = counts[size]
        for target, route in (("ru", "en→ru"), ("kk", "en→ru→kk")):
            runs = {mode: [run_script(MEASURE, mode, target, str(sentences_file), str(count),
                                      str(args.batch_size)) for _ in range(args.repeats)]
                    for mode in MODES}
            rate = {mode: count / statistics.median(r["seconds"] for r in rs)
                    for mode, rs in runs.items()}
            peak = {mode: statistics.median(r["peak_mb"] for r in rs) for mode, rs in runs.items()}
            reference = runs["argos"][0]["output"]
            same = sum(a == b for a, b in zip(reference, runs["batch"][0]["output"], strict=True))
            print(f"| {size} | {route} | {count} | {rate['argos']:.1f} sent/s "
                  f"| {rate['batch']:.1f} sent/s | {rate['batch'] / rate['argos']:.2f}x "
                  f"| {rate['batch2']:.1f} sent/s | {rate['batch2'] / rate['argos']:.2f}x "
                  f"| {peak['argos']:.0f} / {peak['batch']:.0f} / {peak['batch2']:.0f} "
                  f"| {same}/{count} |", flush=True)


def _install(files: list[Path]) -> None:
    run_script("import sys; from annotator.translate.packages import install_packages; "
               "install_packages(sys.argv[1:]); print('{}')", *map(str, files))


if __name__ == "__main__":
    main()
