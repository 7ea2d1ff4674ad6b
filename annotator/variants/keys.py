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
from functools import lru_cache
from pathlib import Path

_RULES = json.loads((Path(__file__).parent / "data" / "keys.json").read_text("utf-8"))
_DOUBLES = re.compile(r"(.)\1+")

_ENDINGS = _RULES["word_endings"]
_ENDINGS_RE = re.compile(
    "(?:" + "|".join(re.escape(e) for e in sorted(_ENDINGS, key=len, reverse=True)) + r")\b"
)
_ENDING_TUPLE = tuple(sorted(_ENDINGS, key=len, reverse=True))
# Each context rule runs only when the letters it starts with are present (a cheap test).
_CONTEXT = [(rule["pattern"][:rule["pattern"].index("(")] if "(" in rule["pattern"]
             else rule["pattern"][:2], re.compile(rule["pattern"]), rule["replace"])
            for rule in _RULES["context"]]
_DIACRITICS = str.maketrans(_RULES["fold"])
_DROP = str.maketrans({c: None for c in _RULES["drop"]})
_APOSTROPHE_LETTERS = {k: v for k, v in _RULES["apostrophe_letters"].items() if k != "_why"}
_APOSTROPHE_RE = re.compile("([" + "".join(_APOSTROPHE_LETTERS) + "])['’ʼ]")
# Letter groups are rewritten longest first with str.replace, then single letters in one
# translate: the same result as a leftmost-longest scan for these groups, several times faster.
_GROUPS = sorted(((g, c) for g, c in _RULES["spelling"].items() if len(g) > 1),
                 key=lambda item: -len(item[0]))
_LETTERS = str.maketrans({g: c for g, c in _RULES["spelling"].items() if len(g) == 1})
_LOOSE_GROUPS = [(g, c) for g, c in _RULES["loose"].items() if len(g) > 1]
_LOOSE_LETTERS = str.maketrans({g: c for g, c in _RULES["loose"].items() if len(g) == 1})
_NO_VOWELS = str.maketrans({c: None for c in _RULES["vowels"]})


def fold(form: str) -> str:
    """Case, hyphens, spaces, apostrophes, combining marks and diacritics folded away."""
    lower = form.lower()
    if not lower.isascii():
        lower = unicodedata.normalize("NFC", lower).translate(_DIACRITICS)
    if "'" in lower or "’" in lower or "ʼ" in lower:
        lower = _APOSTROPHE_RE.sub(lambda m: _APOSTROPHE_LETTERS[m.group(1)], lower)
    for letters, pattern, replacement in _CONTEXT:
        if letters in lower:
            lower = pattern.sub(replacement, lower)
    if " " in lower or "-" in lower:
        lower = _ENDINGS_RE.sub(lambda m: _ENDINGS[m.group()], lower)
    elif lower.endswith(_ENDING_TUPLE):
        ending = next(e for e in _ENDING_TUPLE if lower.endswith(e))
        lower = lower[: -len(ending)] + _ENDINGS[ending]
    return lower.translate(_DROP)


def _to_cyrillic(folded: str) -> str:
    for group, letter in _GROUPS:
        if group in folded:
            folded = folded.replace(group, letter)
    return folded.translate(_LETTERS)


def _loosen(cyrillic: str) -> str:
    for group, letter in _LOOSE_GROUPS:
        if group in cyrillic:
            cyrillic = cyrillic.replace(group, letter)
    return cyrillic.translate(_LOOSE_LETTERS)


def spelling_key(form: str) -> str:
    return _DOUBLES.sub(r"\1", _to_cyrillic(fold(form)))


def loose_key_of_spelling(key: str) -> str:
    return _DOUBLES.sub(r"\1", _loosen(key))


@lru_cache(maxsize=65536)
def _loose_of_folded(folded: str) -> str:
    return _DOUBLES.sub(r"\1", _loosen(_to_cyrillic(folded)))


def loose_key(form: str) -> str:
    return _loose_of_folded(fold(form))


def skeleton_of_loose(key: str) -> str:
    return _DOUBLES.sub(r"\1", key.translate(_NO_VOWELS))


def skeleton(form: str) -> str:
    return skeleton_of_loose(loose_key(form))
