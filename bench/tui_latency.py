"""TUI latency with Pilot: from a key press until the app has processed it and redrawn.

Cases: a 200 KB document in a 100,000-document project, against a 1 KB document in a
5-document project as the baseline run side by side (the ratio shows what size costs).
Actions: apply a label (then undo it, so every press does the same work), move the cursor,
open the next document; plus the time to open each project. Pilot itself takes time per
key (it waits for the app to go idle): that floor is measured in the same run, on an
empty app and an unbound key, and subtracted to give the net figures.

    ./dev python bench/tui_latency.py [--presses 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotator.formats import open_source
from annotator.store import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.project import ProjectScreen

WORDS = ("Roman Vassilenko met Kassym-Jomart Tokayev in Astana before the Mazhilis session; "
         "Qazaqstan TV and Kazinform reported the election and the maslikhat results, "
         "Vasilenko said.").split()


def document(size: int, rng: random.Random) -> str:
    words, length = [], 0
    while length < size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
        if rng.random() < 0.02:
            words.append("\n\n")
    return " ".join(words)


def make_project(path: Path | str, documents: int, big: int, folder: Path | None = None
                 ) -> None:
    """A project (a file, or a server URL) with one `big` document first, then small ones."""
    rng = random.Random(5)
    source = (folder or Path(path).parent) / f"tui-{documents}.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "big", "text": document(big, rng)}) + "\n")  # first
        for i in range(documents - 1):
            text = document(1000, rng) + f" #{i}"
            out.write(json.dumps({"id": f"d{i:06}", "text": text}) + "\n")
    with Project.create(path, annotator=None if "://" in str(path) else "bench") as project:
        project.import_documents(open_source(str(source)))


async def measure(path: Path | str, presses: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {"label": [], "cursor": [], "next document": []}
    start = time.perf_counter()
    app = AnnotatorApp(path, None if "://" in str(path) else "bench")
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, ProjectScreen):
            await pilot.pause()
        await pilot.pause()
        opened = time.perf_counter() - start
        await pilot.press("enter")
        while not isinstance(app.screen, AnnotateScreen):
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(presses):
            for name, keys in (("cursor", ["right"]), ("label", ["1"])):
                t0 = time.perf_counter()
                await pilot.press(*keys)
                await pilot.pause()
                timings[name].append(time.perf_counter() - t0)
            await pilot.press("u")
            await pilot.pause()
        timings["open the 200 KB document"] = []
        for _ in range(min(presses, 20)):
            # "." moves from the big document to a small one, "," back: two measures.
            for key, name in ((".", "next document"), (",", "open the 200 KB document")):
                t0 = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                timings[name].append(time.perf_counter() - t0)
    result = {name: statistics.median(values) * 1000 for name, values in timings.items()}
    result["open project"] = opened * 1000
    return result


async def pilot_floor(presses: int) -> float:
    from textual.app import App
    from textual.widgets import Static

    class Empty(App):
        def compose(self):
            yield Static("floor")

    times = []
    async with Empty().run_test(size=(120, 40)) as pilot:
        for _ in range(presses):
            t0 = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("ANNOTATOR_KEYMAP", os.devnull + ".toml")
    with tempfile.TemporaryDirectory() as tmp:
        large, small = Path(tmp) / "large.db", Path(tmp) / "small.db"
        make_project(large, args.documents, 200_000)
        make_project(small, 5, 1_000)
        rows = {"small": asyncio.run(measure(small, args.presses)),
                "large": asyncio.run(measure(large, args.presses))}
        floor = asyncio.run(pilot_floor(args.presses))
    print(f"median milliseconds from key press to redrawn screen ({args.presses} presses; "
          f"open project: once); Pilot's own floor {floor:.1f} ms is subtracted in 'net'\n")
    big = f"200 KB doc, {args.documents:,} docs"
    print(f"{'action':<26}{'1 KB doc, 5 docs':>18}{big:>28}{'net (large)':>13}{'ratio':>7}")
    for action in ("label", "cursor", "next document", "open the 200 KB document",
                   "open project"):
        a, b = rows["small"][action], rows["large"][action]
        net = b - floor if action != "open project" else b
        print(f"{action:<26}{a:>18.1f}{b:>28.1f}{net:>13.1f}{b / a:>7.1f}")


if __name__ == "__main__":
    sys.exit(main())
