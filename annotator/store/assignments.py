"""Assignment of documents to annotators for double annotation: a chosen fraction of the
documents goes to `overlap` annotators (so their agreement can be measured), the rest to
one; loads are balanced and the choice depends only on the seed and the documents' ids, so
a re-run after an import assigns the new documents and keeps every existing assignment."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from annotator.core.errors import InvalidValue
from annotator.core.models import DocumentStatus
from annotator.store.backends.base import Database
from annotator.store.history import Recorder
from annotator.store.values import valid_annotator_name


@dataclass(frozen=True)
class AssignmentReport:
    assigned: int  # documents newly assigned
    overlapping: int  # of those, how many went to more than one annotator
    kept: int  # documents that already had annotators
    per_annotator: dict[str, int]  # assignments each annotator received in this run


@dataclass(frozen=True)
class Progress:
    """One annotator's queue: how many documents they have, by status."""

    annotator: str
    assigned: int
    new: int
    in_progress: int
    done: int


def assign(change: Recorder, annotators: list[str], overlap: int, fraction: float,
           seed: int) -> AssignmentReport:
    names = _valid(annotators)
    if not 1 <= overlap <= len(names):
        raise InvalidValue(f"overlap {overlap}: between 1 and the number of annotators "
                           f"({len(names)})")
    if not 0.0 <= fraction <= 1.0:
        raise InvalidValue(f"fraction {fraction}: between 0 and 1")
    db = change.db
    load = dict.fromkeys(names, 0)
    for annotator, count in db.rows("SELECT annotator, count(*) FROM assignments "
                                    "GROUP BY annotator"):
        if annotator in load:
            load[annotator] = count
    waiting = [(seq, doc_id) for seq, doc_id in db.rows(
        "SELECT seq, id FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM assignments a WHERE a.doc_seq = d.seq) ORDER BY seq")]
    kept = db.scalar("SELECT count(DISTINCT doc_seq) FROM assignments")
    # The overlapping documents: the first round(fraction * n) by a seeded hash of their
    # ids, so the choice does not depend on import order or on what was there before.
    by_draw = sorted(waiting, key=lambda item: _draw(seed, item[1]))
    doubled = {seq for seq, _ in by_draw[:round(fraction * len(waiting))]}
    received = dict.fromkeys(names, 0)
    change.name = f"assign {len(waiting)} documents to {', '.join(names)}"
    for seq, doc_id in waiting:
        wanted = overlap if seq in doubled else 1
        chosen = sorted(names, key=lambda name: (load[name], _draw(seed, doc_id, name)))
        for name in chosen[:wanted]:
            change.insert("assignments", {"doc_seq": seq, "annotator": name,
                                          "status": DocumentStatus.NEW.value,
                                          "assigned_at": change.at})
            load[name] += 1
            received[name] += 1
    return AssignmentReport(len(waiting), len(doubled), kept, received)


def progress(db: Database) -> list[Progress]:
    counts: dict[str, dict[str, int]] = {}
    for annotator, status, count in db.rows(
            "SELECT annotator, status, count(*) FROM assignments GROUP BY annotator, status "
            "ORDER BY annotator"):
        counts.setdefault(annotator, {})[status] = count
    return [Progress(name, sum(by.values()), by.get("new", 0), by.get("in_progress", 0),
                     by.get("done", 0)) for name, by in counts.items()]


def annotators_of(db: Database, doc_seq: int) -> list[str]:
    return [r[0] for r in db.rows("SELECT annotator FROM assignments WHERE doc_seq = ? "
                                  "ORDER BY annotator", (doc_seq,))]


def _valid(annotators: list[str]) -> list[str]:
    names: list[str] = []
    for name in annotators:
        name = valid_annotator_name(name.strip())
        if name not in names:
            names.append(name)
    if not names:
        raise InvalidValue("name at least one annotator")
    return names


def _draw(seed: int, *parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join((str(seed), *parts)).encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big")
