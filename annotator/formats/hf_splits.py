"""Which split each document of a Hugging Face export goes to.

A document's split comes from a hash of its id, so it stays where it is across exports. A
small corpus could leave a requested split empty by chance (5 documents at 0.8/0.1/0.1 have
a 59% chance of an empty validation or test split), which breaks the usual training recipe;
`fill_empty_splits` then moves the documents nearest to the empty split's share of the hash
line into it, deterministically.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.errors import AnnotatorError

DEFAULT_RATIOS = {"train": 0.8, "validation": 0.1, "test": 0.1}
# Fewer documents than this and a split may stay empty (said so in the report and card).
FILL_FROM = 3


# Hugging Face's own rule for split names (datasets.splits): words joined by dots.
_SPLIT_NAME = re.compile(r"\w+(\.\w+)*")


def parse_ratios(text: str) -> dict[str, float]:
    """"0.8,0.1,0.1" or "train=0.9,test=0.1"."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    named = bool(parts) and all("=" in p for p in parts)
    pairs = [tuple(x.strip() for x in p.split("=", 1)) for p in parts] if named \
        else list(zip(DEFAULT_RATIOS, parts, strict=False))
    if not pairs or len(parts) > len(pairs):
        raise AnnotatorError(
            f"split ratios look like 0.8,0.1,0.1 or train=0.9,test=0.1, not {text!r}")
    ratios: dict[str, float] = {}
    for name, value in pairs:
        if not _SPLIT_NAME.fullmatch(name):
            raise AnnotatorError(f"split name {name!r}: use letters, digits and _ (words may "
                                 "be joined by dots), as Hugging Face requires")
        if name in ratios:
            raise AnnotatorError(f"split {name!r} is named twice in {text!r}")
        try:
            ratio = float(value)
        except ValueError:
            raise AnnotatorError(f"split {name!r}: {value!r} is not a number") from None
        if not math.isfinite(ratio) or ratio < 0:
            raise AnnotatorError(f"split {name!r}: the ratio must be a number from 0 up, "
                                 f"not {value!r}")
        ratios[name] = ratio
    if sum(ratios.values()) <= 0:
        raise AnnotatorError(f"split ratios must add up to more than 0, got {text!r}")
    return {k: v for k, v in ratios.items() if v > 0}


def split_of(doc_id: str, ratios: dict[str, float], moved: dict[str, str] | None = None
             ) -> str:
    """The split of a document, from a hash of its id: the same on every export (unless
    it was moved to fill a split that would be empty)."""
    if moved and doc_id in moved:
        return moved[doc_id]
    return split_at(split_point(doc_id), ratios)


def split_at(point: float, ratios: dict[str, float]) -> str:
    """The split a point of the hash line falls in."""
    total = sum(ratios.values())
    edge = 0.0
    for name, ratio in ratios.items():
        edge += ratio / total
        if point < edge:
            return name
    return list(ratios)[-1]


def split_point(doc_id: str) -> float:
    """Where a document falls in [0, 1): the ratios cut this line into splits."""
    return int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big") / 2**64


@dataclass
class SplitPlan:
    moved: dict[str, str] = field(default_factory=dict)  # document id -> split
    notes: list[str] = field(default_factory=list)  # what the report and the card say
    splits: dict[str, str] = field(default_factory=dict)  # every document id -> its split


def fill_empty_splits(ids: Iterable[str], ratios: dict[str, float]) -> SplitPlan:
    """Move documents so that every split of `ratios` has one, when there are at least
    FILL_FROM documents and at least as many as splits. Each empty split, in order, takes
    the document closest to its share of the hash line from a split that has two or more."""
    points = {doc_id: split_point(doc_id) for doc_id in ids}
    members: dict[str, list[str]] = {name: [] for name in ratios}
    for doc_id, point in points.items():
        members[split_at(point, ratios)].append(doc_id)
    plan = SplitPlan()
    empty = [name for name, docs in members.items() if not docs]
    if not empty:
        return _with_splits(plan, members)
    if len(points) < max(FILL_FROM, len(ratios)):
        plan.notes.append(
            f"{', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty: {len(points)} "
            f"document{'s' if len(points) != 1 else ''} cannot fill {len(ratios)} splits")
        return _with_splits(plan, members)
    shares = _shares(ratios)
    for name in empty:
        low, high = shares[name]
        middle = (low + high) / 2
        donors = [doc_id for split, docs in members.items() if len(docs) > 1
                  for doc_id in docs]
        chosen = min(donors, key=lambda doc_id: (abs(points[doc_id] - middle), doc_id))
        source = next(split for split, docs in members.items() if chosen in docs)
        members[source].remove(chosen)
        members[name].append(chosen)
        plan.moved[chosen] = name
        plan.notes.append(f"{name} would have been empty: document {chosen!r} moved there "
                          f"from {source}")
    return _with_splits(plan, members)


def _with_splits(plan: SplitPlan, members: dict[str, list[str]]) -> SplitPlan:
    plan.splits = {doc_id: name for name, docs in members.items() for doc_id in docs}
    return plan


def _shares(ratios: dict[str, float]) -> dict[str, tuple[float, float]]:
    total, edge, shares = sum(ratios.values()), 0.0, {}
    for name, ratio in ratios.items():
        shares[name] = (edge, edge + ratio / total)
        edge += ratio / total
    return shares
