"""Grouping forms into variant clusters.

1. Forms with the same loose key are spellings of one word (the key's rules say why).
2. Groups whose loose keys differ by one vowel dropped inside the word are joined too
   (Kazhegeldin / Kazhgeldin); a changed vowel is not enough (Marat / Murat are two
   names). In longer keys one letter dropped inside the word joins too (Nursultan /
   Nurultan), never at the end, where endings make other words (Ivanov / Ivanova).
   Both are found by looking up each key with one letter left out: linear, no pairwise
   comparison.
3. Groups meet by the keys the region's other national spellings give (keys.regional_keys:
   Ukrainian h for г, English c for к, diacritics dropped), and groups whose keys differ
   only in vowels those spellings alternate with Russian (Uzbek о for а, Tajik и for е,
   Turkmen y for у; keys.vowels_alternate) are joined.
4. A rejected pair never ends up in one cluster: a key group that holds one is split.

Linear in the number of forms (vowel frames are compared pairwise, and they are small).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from annotator.variants.keys import (
    fold,
    loose_key,
    regional_keys,
    vowel_frame,
    vowels_alternate,
)

MIN_LENGTH_FOR_VOWEL_DROP = 5
MIN_LENGTH_FOR_LETTER_DROP = 6  # the shorter key has at least six letters
VOWELS = frozenset("аеёиоуыэюя")
# Neighbours cost a key's length squared to list; longer keys (not names) have none.
MAX_NEIGHBOUR_KEY = 128
# Forms of one vowel frame are compared pairwise; a larger frame (short keys of common
# words) is not a name's spellings.
MAX_FRAME = 50


def cluster(
    forms: Sequence[str],
    rejected: Iterable[frozenset[str]] = (),
    weight: dict[str, int] | None = None,
    keys: dict[str, str] | None = None,
) -> list[list[str]]:
    """Clusters of two or more forms, most frequent form first in each (by `weight`).
    `keys`: loose keys computed before (a persisted index holds them)."""
    by_loose: dict[str, list[str]] = defaultdict(list)
    keys = keys or {}
    for form in forms:
        by_loose[keys.get(form) or loose_key(form)].append(form)

    parent = {key: key for key in by_loose}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key in by_loose:
        for shorter in _one_letter_less(key):
            if shorter in parent:
                parent[find(key)] = find(shorter)
    for key, members in by_loose.items():
        for form in members:
            for other in regional_keys(form, key):
                if other in parent:
                    parent[find(key)] = find(other)
    frames: dict[str, list[str]] = defaultdict(list)
    for key in by_loose:
        frames[vowel_frame(key)].append(key)
    for framed in frames.values():
        if len(framed) > MAX_FRAME:
            continue
        for i, a in enumerate(framed):
            for b in framed[i + 1:]:
                if vowels_alternate(a, b, by_loose[a][0], by_loose[b][0]):
                    parent[find(a)] = find(b)

    groups: dict[str, list[str]] = defaultdict(list)
    for key, members in by_loose.items():
        groups[find(key)].extend(members)
    weight = weight or {}
    blocked = _blocked_pairs(rejected)
    clusters: list[list[str]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda f: (-weight.get(f, 0), f))
        clusters.extend(c for c in _split_rejected(members, blocked) if len(c) > 1)
    return clusters


def _one_letter_less(key: str) -> Iterator[str]:
    """Keys a letter shorter that count as the same word: one vowel dropped inside the word
    (not first or last; the shorter key has five letters or more), or, in longer words
    (the shorter key has six or more), any letter dropped from the third on, but not the
    last, where endings make other words (Ivanov / Ivanova)."""
    length = len(key)
    if length <= MIN_LENGTH_FOR_VOWEL_DROP or length > MAX_NEIGHBOUR_KEY:
        return
    for i in range(1, length - 1):
        if key[i] in VOWELS or (length > MIN_LENGTH_FOR_LETTER_DROP and i >= 2):
            yield key[:i] + key[i + 1:]


def _blocked_pairs(rejected: Iterable[frozenset[str]]) -> dict[str, set[str]]:
    blocked: dict[str, set[str]] = defaultdict(set)
    for pair in rejected:
        a, b = tuple(pair)
        blocked[a].add(b)
        blocked[b].add(a)
    return blocked


def _split_rejected(members: list[str], blocked: dict[str, set[str]]) -> list[list[str]]:
    if not any(form in blocked for form in members):
        return [members]
    parts: list[list[str]] = []
    for form in members:
        home = next((p for p in parts if not blocked.get(form, set()) & set(p)), None)
        if home is None:
            parts.append([form])
        else:
            home.append(form)
    return parts


def same_spelling(a: str, b: str) -> bool:
    """True when two forms differ only in case, hyphens, spaces or marks."""
    return fold(a) == fold(b)
