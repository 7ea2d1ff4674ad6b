"""Grouping forms into variant clusters.

1. Forms with the same loose key are spellings of one word (the key's rules say why).
2. Groups whose loose keys share a skeleton (consonants) and differ by one inserted or
   dropped vowel are joined too (Kazhegeldin / Kazhgeldin); a changed vowel is not enough
   (Marat / Murat are two names).
3. A rejected pair never ends up in one cluster: a key group that holds one is split.

Linear in the number of forms apart from the skeleton blocks, which are small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Indel

from annotator.variants.keys import fold, loose_key_of_spelling, skeleton_of_loose, spelling_key

MIN_LENGTH_FOR_VOWEL_DROP = 5
MAX_BLOCK = 500  # a skeleton shared by more loose keys than this is too common to compare


def cluster(
    forms: Sequence[str],
    rejected: Iterable[frozenset[str]] = (),
    weight: dict[str, int] | None = None,
) -> list[list[str]]:
    """Clusters of two or more forms, most frequent form first in each (by `weight`)."""
    by_loose: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        by_loose[loose_key_of_spelling(spelling_key(form))].append(form)

    parent = {key: key for key in by_loose}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for key in by_loose:
        if len(key) >= MIN_LENGTH_FOR_VOWEL_DROP:
            by_skeleton[skeleton_of_loose(key)].append(key)
    for keys in by_skeleton.values():
        if 1 < len(keys) <= MAX_BLOCK:
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    if _inner_vowel_dropped(a, b):
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


def _inner_vowel_dropped(a: str, b: str) -> bool:
    """b is a with one vowel added or dropped inside the word (not first or last)."""
    if abs(len(a) - len(b)) != 1 or Indel.distance(a, b) != 1:
        return False
    short = min(a, b, key=len)
    pairs = enumerate(zip(a, b, strict=False))
    same_prefix = next((i for i, (x, y) in pairs if x != y), len(short))
    return 0 < same_prefix < len(short)


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
