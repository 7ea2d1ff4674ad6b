"""Functions that run in child processes of the concurrency tests.

They live in a module of their own because spawned processes import their target by module
name, and pytest's importlib mode gives test modules names a child cannot import. Each
writes what it was told "ok" for to a JSON file, so the test can count that every
acknowledged write is still there afterwards.
"""

from __future__ import annotations

import json
import random
import traceback
from pathlib import Path


def tag_the_same_ranges(path: str, name: str, ranges: list[tuple[int, int]], barrier,
                        out: str) -> None:
    """Every process tags the same range at the same moment, round after round."""
    from annotator.core.errors import AnnotatorError
    from annotator.store import Project

    acknowledged, refused = [], []
    with Project.open(path, annotator=name) as project:
        for start, end in ranges:
            barrier.wait()
            try:
                span = project.add_span("doc", start, end, "PERSON")
                acknowledged.append(span.id)
            except AnnotatorError as error:
                refused.append(str(error))
    Path(out).write_text(json.dumps({"acknowledged": acknowledged, "refused": refused}))


def accept_overlapping_pairs(path: str, name: str, pairs: list[list[str]], barrier,
                             out: str) -> None:
    from annotator.store import Project

    entities = []
    with Project.open(path, annotator=name) as project:
        for pair in pairs:
            barrier.wait()
            entities.append(project.accept_variants(pair, label="PERSON").id)
    Path(out).write_text(json.dumps(entities))


FORMS = ["Vassilenko", "Vasilenko", "Wassilenko", "Tokayev", "Tokaev", "Toqayev"]
LABELS = ("PERSON", "ORG")


def stress(path: str, name: str, seed: int, operations: int, ranges: list[tuple[int, int]],
           barrier, out: str) -> None:
    """Random add / relabel / remove / undo / accept-variants on one shared document, every
    operation started at the same moment as the other processes'.

    Logged, for the test to check against the project afterwards:
    - "created": spans this process was told were tagged, with the label they should
      have now (relabels and undone relabels followed);
    - "removed" / "reinstated" / "uncreated": span ids this process removed, brought back by
      undoing its removal, or removed by undoing its own tag.
    Any exception other than the project's own errors is a failure (written to the log)."""
    from annotator.core.errors import AnnotatorError, UndoRefused
    from annotator.store import Project

    rng = random.Random(seed)
    log: dict = {"created": {}, "removed": [], "reinstated": [], "uncreated": [],
                 "refused": 0, "dropped": 0, "ok": 0, "error": None}
    # My actions still in effect, by history entry id: what undoing each does to the log.
    effects: dict[int, tuple] = {}
    last_entry = 0

    def recorded(effect: tuple) -> None:
        nonlocal last_entry
        entry = project.history(1)
        if entry and entry[0].id != last_entry and not entry[0].undone:
            last_entry = entry[0].id
            effects[entry[0].id] = effect

    try:
        with Project.open(path, annotator=name) as project:
            for _ in range(operations):
                barrier.wait()
                roll = rng.random()
                try:
                    if roll < 0.4:
                        start, end = rng.choice(ranges)
                        label = rng.choice(LABELS)
                        span = project.add_span("doc", start, end, label)
                        log["created"][str(span.id)] = label
                        recorded(("tag", span.id))
                    elif roll < 0.55:
                        spans = project.spans("doc")
                        if spans:
                            victim = rng.choice(spans)
                            project.remove_span(victim.id)
                            log["removed"].append(victim.id)
                            recorded(("remove", victim.id))
                    elif roll < 0.7:
                        mine = [int(i) for i in log["created"]]
                        if mine:
                            span_id = rng.choice(mine)
                            old = log["created"][str(span_id)]
                            new = LABELS[1 - LABELS.index(old)]
                            project.relabel_span(span_id, new)
                            log["created"][str(span_id)] = new
                            recorded(("relabel", span_id, old))
                    elif roll < 0.9:
                        try:
                            entry = project.undo()
                        except UndoRefused as refusal:
                            project.drop_undo(refusal.entry.id)
                            effects.pop(refusal.entry.id, None)
                            log["dropped"] += 1
                            continue
                        if entry is not None:
                            _undone(effects.pop(entry.id, None), log)
                    else:
                        pair = rng.sample(FORMS[:3] if rng.random() < 0.5 else FORMS[3:], 2)
                        project.accept_variants(pair, label="PERSON")
                        recorded(("accept",))
                    log["ok"] += 1
                except AnnotatorError:
                    log["refused"] += 1
    except Exception:  # noqa: BLE001 - the test reports it
        log["error"] = traceback.format_exc()
    Path(out).write_text(json.dumps(log))


def _undone(effect: tuple | None, log: dict) -> None:
    if effect is None:
        return
    if effect[0] == "tag":
        log["uncreated"].append(effect[1])
    elif effect[0] == "remove":
        log["reinstated"].append(effect[1])
    elif effect[0] == "relabel":
        log["created"][str(effect[1])] = effect[2]


def index_forms(path: str, barrier, out: str) -> None:
    """Bring the form index up to date at the same moment as the other processes (the
    index is no annotator's action: any member, here the default one)."""
    from annotator.store import Project
    from annotator.store.form_index import catch_up

    with Project.open(path) as project:
        barrier.wait()
        indexed = catch_up(project.db)
    Path(out).write_text(json.dumps({"indexed": indexed}))
