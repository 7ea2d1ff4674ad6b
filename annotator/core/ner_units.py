"""The rows of a token-classification dataset: a document cut into sentences or windows
of tokens, never inside a span, so a model's length limit drops no tag unseen.

A unit is a run of tokens [first, last); `cuts` are the token indices a document may be
cut before. A cut is allowed where no span covers the tokens on both sides of it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import NamedTuple

from annotator.core.token_offsets import sentence_starts

UNITS = ("sentence", "window", "document")
DEFAULT_MAX_TOKENS = 64


class Unit(NamedTuple):
    first: int  # token index
    last: int  # token index, exclusive


def ner_units(text: str, starts: Sequence[int], ends: Sequence[int],
              spans: Sequence[tuple[int, int]], unit: str = "sentence",
              max_tokens: int | None = DEFAULT_MAX_TOKENS,
              sentence_firsts: Sequence[int] | None = None) -> list[Unit]:
    """The units of a document whose tokens are at `starts`/`ends`, given its spans as
    (start, end) characters. `sentence`: a row per sentence, a sentence longer than
    `max_tokens` cut into pieces; `window`: as many whole sentences as fit in `max_tokens`
    (a longer sentence cut as in `sentence`); `document`: one row. A span longer than
    `max_tokens` makes its unit longer; nothing else does. `sentence_firsts`: the tokens
    that start a sentence, when known (`token_offsets.sentence_starts`)."""
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r}: one of {', '.join(UNITS)}")
    count = len(starts)
    if count == 0:
        return [Unit(0, 0)] if unit == "document" else []
    if unit == "document":
        return [Unit(0, count)]
    inside = _SpanCuts(starts, ends, spans)
    if sentence_firsts is None:
        sentence_firsts = sentence_starts(text, list(starts))
    sentence_cuts = [cut for cut in sentence_firsts if not inside(cut)]
    limit = max_tokens if max_tokens and max_tokens > 0 else count
    units: list[Unit] = []
    if unit == "sentence":
        edges = [0, *sentence_cuts, count]
        for first, last in zip(edges, edges[1:], strict=False):
            units += bounded(first, last, limit, inside)
        return units
    first = 0
    while first < count:
        reach = first + limit
        if reach >= count:
            units.append(Unit(first, count))
            break
        # The farthest sentence end that fits, else cut the sentence itself.
        index = bisect_right(sentence_cuts, reach) - 1
        if index >= 0 and sentence_cuts[index] > first:
            last = sentence_cuts[index]
        else:
            last = _token_cut(first, reach, count, inside)
        units.append(Unit(first, last))
        first = last
    return units


class _SpanCuts:
    """Whether a cut before token i would split a span: some span overlaps both token i-1
    and token i. Spans sorted by start with the running maximum of their ends answer that
    with one bisection per cut."""

    def __init__(self, starts: Sequence[int], ends: Sequence[int],
                 spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts, self.ends = starts, ends
        self.span_starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))

    def __call__(self, cut: int) -> bool:
        # The spans that start before token cut-1 ends; does any reach into token cut?
        before = bisect_left(self.span_starts, self.ends[cut - 1])
        return before > 0 and self.reach[before - 1] > self.starts[cut]


def bounded(first: int, last: int, limit: int, inside: Callable[[int], bool]) -> list[Unit]:
    """The run of tokens [first, last) in pieces of at most `limit` tokens, each cut where
    `inside(cut)` is false (the cut splits no span)."""
    units = []
    while last - first > limit:
        cut = _token_cut(first, first + limit, last, inside)
        if cut >= last:
            break
        units.append(Unit(first, cut))
        first = cut
    units.append(Unit(first, last))
    return units


def _token_cut(first: int, reach: int, end: int, inside: Callable[[int], bool]) -> int:
    """The last allowed cut at or before `reach`, else the first one after it (a span
    longer than the limit), else `end`."""
    for cut in range(reach, first, -1):
        if not inside(cut):
            return cut
    for cut in range(reach + 1, end):
        if not inside(cut):
            return cut
    return end
