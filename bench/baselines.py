"""The generic clustering methods a user would otherwise reach for, as OpenRefine offers
them: key collision with fingerprint, n-gram fingerprint and a phonetic key (metaphone),
and nearest neighbours by Levenshtein distance (radius 1) with 6-character blocking."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable

import jellyfish
from rapidfuzz.distance import Levenshtein

_PUNCTUATION = re.compile(r"[^\w\s]")


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fingerprint(form: str) -> str:
    tokens = _PUNCTUATION.sub("", _ascii(form.strip().lower())).split()
    return " ".join(sorted(set(tokens)))


def ngram_fingerprint(form: str, n: int = 2) -> str:
    text = _PUNCTUATION.sub("", _ascii(form.lower())).replace(" ", "")
    grams = {text[i:i + n] for i in range(max(len(text) - n + 1, 1))}
    return "".join(sorted(grams))


def metaphone(form: str) -> str:
    return " ".join(jellyfish.metaphone(token) for token in _ascii(form).split())


def key_collision(forms: Iterable[str], key: Callable[[str], str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        groups[key(form)].append(form)
    return [g for g in groups.values() if len(g) > 1]


def levenshtein_neighbours(forms: list[str], radius: int = 1, block: int = 6) -> list[list[str]]:
    """Pairs within `radius` edits among strings that share a `block`-character substring
    (a string shorter than the block is its own block, as in OpenRefine)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        grams = {form[j:j + block] for j in range(len(form) - block + 1)} or {form}
        for gram in grams:
            blocks[gram].append(i)
    parent = list(range(len(forms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                if Levenshtein.distance(forms[i], forms[j], score_cutoff=radius) <= radius:
                    parent[find(i)] = find(j)
    clusters: dict[int, list[str]] = defaultdict(list)
    for i, form in enumerate(forms):
        clusters[find(i)].append(form)
    return [c for c in clusters.values() if len(c) > 1]


METHODS: dict[str, Callable[[list[str]], list[list[str]]]] = {
    "fingerprint": lambda forms: key_collision(forms, fingerprint),
    "n-gram fingerprint (n=2)": lambda forms: key_collision(forms, ngram_fingerprint),
    "metaphone": lambda forms: key_collision(forms, metaphone),
    "levenshtein r=1, block 6": levenshtein_neighbours,
}
