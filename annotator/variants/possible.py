"""The possible tier: pairs of spellings the keys keep apart but a short chain of edits
explains well enough to put before a linguist, last. Kyiv / Kiev, a suffix added
(Turkmen / Turkmeni), a dropped vowel at the end (Petro / Petr): sometimes one name,
sometimes two (Karimov / Karimova), which only a person can tell.

Forms meet by the consonant skeleton of their loose key (Kyiv and Kiev: кв), then an
explanation (explain.py) scores each pair of a block; pairs in one cluster already, pairs
rejected before, and blocks too large to be one name's spellings are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from annotator.variants.explain import Explanation, explain
from annotator.variants.keys import fold, skeleton

MIN_SCORE = 0.8
MAX_UNEXPLAINED = 1
MIN_SKELETON = 2  # consonants: shorter skeletons gather too many unrelated words
MAX_BLOCK = 12
MAX_LENGTH_DIFFERENCE = 2
MIN_LETTERS = 4


def possible_pairs(forms: Sequence[str], clusters: Sequence[Sequence[str]],
                   rejected: Iterable[frozenset[str]]) -> Iterator[Explanation]:
    """Explanations (from the less frequent form to the more frequent: `forms` is given
    most frequent first) of the pairs worth a linguist's look."""
    home = {form: number for number, members in enumerate(clusters) for form in members}
    blocked = set(rejected)
    blocks: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        if " " in form or len(form) < MIN_LETTERS:
            continue
        key = skeleton(form)
        if len(key) >= MIN_SKELETON:
            blocks[key].append(form)
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a in home and home.get(b) == home[a]:
                    continue
                if abs(len(a) - len(b)) > MAX_LENGTH_DIFFERENCE or a[0] != b[0] \
                        or frozenset((a, b)) in blocked or fold(a) == fold(b):
                    continue
                explanation = explain(b, a)
                unexplained = sum(s.why.startswith("unexplained") for s in explanation.steps)
                if explanation.score >= MIN_SCORE and unexplained <= MAX_UNEXPLAINED:
                    yield explanation
