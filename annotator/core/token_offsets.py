"""A document's token and sentence boundaries in the compact form the store keeps (computed
once, at import), so an export reads them instead of tokenizing every document again.

`tokens`: for each token, the white space before it and its length, as little-endian
16-bit numbers, one pair after the other; their running sum gives start, end, start, end...
`sentences`: the indices of the tokens that start a sentence (but the first), little-endian
32-bit. A document with a token or a gap longer than 65,535 characters is not kept (rare:
it is tokenized where it is needed).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from itertools import accumulate, chain
from operator import sub
from typing import NamedTuple

from annotator.core.tokenize import (
    TOKENIZER_VERSION,
    split_sentences,
    token_columns,
    token_parts,
)

__all__ = ["TOKENIZER_VERSION", "TokenOffsets", "decode", "encode", "sentence_starts"]


class TokenOffsets(NamedTuple):
    tokens: bytes
    sentences: bytes


def encode(text: str) -> TokenOffsets | None:
    """The offsets of `text`'s tokens and sentences, or None when a token or a gap is too
    long to keep."""
    parts = token_parts(text)
    try:
        if parts is not None:  # the usual case: the lengths of the parts are the steps
            steps = array("H", map(len, parts))
            steps.pop()  # the white space after the last token
            starts = list(accumulate(steps))[0::2]
        else:
            _, starts, ends = token_columns(text)
            edges = list(chain.from_iterable(zip(starts, ends, strict=True)))
            steps = array("H", map(sub, edges, [0, *edges[:-1]]))
    except OverflowError:
        return None
    firsts = array("I", sentence_starts(text, starts))
    if sys.byteorder == "big":
        steps.byteswap()
        firsts.byteswap()
    return TokenOffsets(steps.tobytes(), firsts.tobytes())


def decode(offsets: TokenOffsets) -> tuple[list[int], list[int], list[int]]:
    """(token starts, token ends, sentence starts as token indices), as `encode` read them."""
    steps, firsts = array("H", offsets.tokens), array("I", offsets.sentences)
    if sys.byteorder == "big":
        steps.byteswap()
        firsts.byteswap()
    edges = list(accumulate(steps))
    return edges[0::2], edges[1::2], firsts.tolist()


def sentence_starts(text: str, starts: list[int]) -> list[int]:
    """The indices of the tokens that start a sentence, in order, without 0 (the first
    token starts one anyway)."""
    count = len(starts)
    return sorted({index for index in (bisect_left(starts, sentence.start)
                                       for sentence in split_sentences(text))
                   if 0 < index < count})
