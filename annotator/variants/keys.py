"""Keys that collide spellings of one Cyrillic word (rules in data/keys.json).

- `spelling_key`: back-transliteration. Vassilenko, Vasilenko -> василенко;
  Mazhilis, Majilis, Mäjilis -> мажилис; KAZINFORM, Kazinform -> казинформ.
- `loose_key`: also merges the letters Kazakh and Russian spellings alternate:
  Kazakhstan, Qazaqstan -> казакстан.
- `skeleton`: the loose key's consonants; a blocking key that lets forms with a dropped or
  added vowel meet (Kazhegeldin / Kazhgeldin) before an edit distance decides.

Written for speed (str.translate and one regular expression per level): mining computes
them for every distinct form of a corpus.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

_RULES = json.loads((Path(__file__).parent / "data" / "keys.json").read_text("utf-8"))
_DOUBLES = re.compile(r"(.)\1+")


def _alternation(groups: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(g) for g in sorted(groups, key=len, reverse=True)))


_ENDINGS = _RULES["word_endings"]
_ENDINGS_RE = re.compile(
    "(?:" + "|".join(re.escape(e) for e in sorted(_ENDINGS, key=len, reverse=True)) + r")\b"
)
_CONTEXT = [(re.compile(rule["pattern"]), rule["replace"]) for rule in _RULES["context"]]
_FOLD = str.maketrans({**_RULES["fold"], **{c: None for c in _RULES["drop"]}})
_SPELLING = _RULES["spelling"]
_SPELLING_RE = _alternation(_SPELLING)
_LOOSE = _RULES["loose"]
_LOOSE_RE = _alternation(_LOOSE)
_NO_VOWELS = str.maketrans({c: None for c in _RULES["vowels"]})


def fold(form: str) -> str:
    """Case, hyphens, spaces, apostrophes, combining marks and diacritics folded away."""
    lower = form.lower()
    if not lower.isascii():
        lower = unicodedata.normalize("NFC", lower)
    for pattern, replacement in _CONTEXT:
        lower = pattern.sub(replacement, lower)
    if "i" in lower or "y" in lower:
        lower = _ENDINGS_RE.sub(lambda m: _ENDINGS[m.group()], lower)
    return lower.translate(_FOLD)


@cache
def _spelling_of_folded(folded: str) -> str:
    cyrillic = _SPELLING_RE.sub(lambda m: _SPELLING[m.group()], folded)
    return _DOUBLES.sub(r"\1", cyrillic)


def spelling_key(form: str) -> str:
    return _spelling_of_folded(fold(form))


def loose_key_of_spelling(key: str) -> str:
    return _DOUBLES.sub(r"\1", _LOOSE_RE.sub(lambda m: _LOOSE[m.group()], key))


def loose_key(form: str) -> str:
    return loose_key_of_spelling(spelling_key(form))


def skeleton_of_loose(key: str) -> str:
    return _DOUBLES.sub(r"\1", key.translate(_NO_VOWELS))


def skeleton(form: str) -> str:
    return skeleton_of_loose(loose_key(form))
