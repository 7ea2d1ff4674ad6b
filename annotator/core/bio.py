"""Spans <-> BIO tags over tokens, for token-classification datasets and CoNLL files.

BIO is flat: where spans nest or overlap (allowed for different labels), the longest span
keeps its tokens and the others are counted as dropped, so an export can say how many.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.tokenize import Token


def bio_names(labels: Sequence[str]) -> list[str]:
    """Tag names in the order datasets' ClassLabel will number them: O, B-X, I-X, ..."""
    names = ["O"]
    for label in labels:
        names += [f"B-{label}", f"I-{label}"]
    return names


@dataclass
class BioResult:
    tags: list  # tag names, or their numbers when asked for (`ids`)
    dropped: int = 0


def spans_to_bio_columns(starts: Sequence[int], ends: Sequence[int],
                         spans: Sequence[tuple[int, int, str]],
                         ids: dict[str, int] | None = None) -> BioResult:
    """Tags for the tokens at `starts`/`ends` (from `token_columns`) from (start, end, label)
    spans. A token belongs to a span when they overlap; spans that would share a token with a
    longer span are dropped. With `ids` (tag name -> number, as `bio_names` orders them),
    the tags are numbers, as a dataset stores them."""
    outside = "O" if ids is None else ids["O"]
    tags: list = [outside] * len(starts)
    if not spans:
        return BioResult(tags)
    dropped = 0
    names: dict[str, tuple] = {}
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        first = bisect_right(ends, start)          # the first token ending after the start
        last = bisect_left(starts, end)            # tokens before this one start in the span
        if first >= last or tags[first:last].count(outside) != last - first:
            dropped += 1
            continue
        begin, inside = names.get(label) or names.setdefault(label, _names(label, ids))
        tags[first] = begin
        if last - first > 1:
            tags[first + 1:last] = [inside] * (last - first - 1)
    return BioResult(tags, dropped)


def _names(label: str, ids: dict[str, int] | None) -> tuple:
    begin, inside = f"B-{label}", f"I-{label}"
    return (begin, inside) if ids is None else (ids[begin], ids[inside])


def bio_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) spans from BIO (or IOB1) tags; an I- after O or another label
    starts a span, as conlleval reads it."""
    spans: list[tuple[int, int, str]] = []
    current: list = []
    for token, tag in zip(tokens, tags, strict=True):
        kind, _, label = tag.partition("-")
        if kind == "I" and current and current[2] == label:
            current[1] = token.end
            continue
        if current:
            spans.append(tuple(current))  # type: ignore[arg-type]
            current = []
        if kind in ("B", "I") and label:
            current = [token.start, token.end, label]
    if current:
        spans.append(tuple(current))  # type: ignore[arg-type]
    return spans
