"""Keys that collide spellings of one Cyrillic word (rules in data/keys.json).

- `spelling_key`: back-transliteration. Vassilenko, Vasilenko -> василенко;
  Mazhilis, Majilis, Mäjilis -> мажилис; KAZINFORM, Kazinform -> казинформ.
- `loose_key`: also merges the letters Kazakh and Russian spellings alternate:
  Kazakhstan, Qazaqstan -> казакстан.
- `skeleton`: the loose key's consonants; a blocking key that lets forms with a dropped or
  added vowel meet (Kazhegeldin / Kazhgeldin) before an edit distance decides.
- `regional_keys`: a form's loose key under the consonant rules of the region's other
  national spellings (data/regional.json: Ukrainian h for г, English c for к) and with its
  diacritics dropped: second keys by which it may meet another form's key.
- `vowel_frame`: the loose key with its vowels blanked, to block forms that differ only in
  the vowels the national spellings and Russian alternate (`vowels_alternate` decides).

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
_REGIONAL = json.loads((Path(__file__).parent / "data" / "regional.json").read_text("utf-8"))
_REGIONAL_CONSONANTS = [(re.compile(rule["pattern"]), rule["replace"])
                        for rule in _REGIONAL["consonants"]]
_VOWEL_PAIRS = frozenset(frozenset((rule["a"], rule["b"])) for rule in _REGIONAL["vowels"])
_MIN_KEY_FOR_VOWELS = _REGIONAL["min_key_for_vowels"]
_MIN_KEY_FOR_TWO_VOWELS = _REGIONAL["min_key_for_two_vowels"]
_KEY_VOWELS = frozenset(_RULES["vowels"])
_BLANK_VOWELS = str.maketrans({c: "*" for c in _RULES["vowels"]})
# Letters whose bare form (the diacritic dropped) is another letter than the one the key
# folds them to (ş: sh, s; ý: u, y); dropping the others changes no key.
_BARE = {letter: "".join(c for c in unicodedata.normalize("NFD", letter)
                         if not unicodedata.combining(c)) for letter in _RULES["fold"]}
_STRIP_DIACRITICS = str.maketrans({letter: bare for letter, bare in _BARE.items()
                                   if bare.isascii() and bare})
_STRIPPED_DIFFERS = re.compile("[" + "".join(
    letter for letter, bare in _BARE.items()
    if bare.isascii() and bare and bare != _RULES["fold"][letter]) + "]")
_I_U = frozenset("иу")
_WRITTEN_Y = re.compile("y(?![aeiouy])")  # y as a vowel, not the y of ya, yu, ye, yo


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


def regional_keys(form: str, own: str | None = None) -> set[str]:
    """Loose keys of `form` under the region's consonant rules and without its diacritics,
    other than its own loose key (`own`, when the caller has it)."""
    lower = form.lower()
    keys = set()
    for pattern, replacement in _REGIONAL_CONSONANTS:
        if pattern.search(lower):
            keys.add(loose_key(pattern.sub(replacement, lower)))
    if not lower.isascii() and _STRIPPED_DIFFERS.search(lower):
        keys.add(loose_key(lower.translate(_STRIP_DIACRITICS)))
    keys.discard(own if own is not None else loose_key(form))
    return keys


def vowel_frame(key: str) -> str:
    """A loose key with every vowel blanked: keys that differ only in vowels share it."""
    return key.translate(_BLANK_VOWELS)


def vowels_alternate(a: str, b: str, form_a: str, form_b: str) -> bool:
    """Two loose keys of one frame (of the forms `form_a`, `form_b`) are one word when
    every vowel they differ in is a pair the national spellings and Russian alternate,
    never the last letter (endings make other words: Karimov / Karimova), one such vowel
    in keys of five letters or more, two in keys of seven or more. Marat / Murat (а / у)
    stay apart. The key writes both i and y as и: и against у must be a written y (the
    Turkmen ы), so Temir / Temur stay apart too."""
    if len(a) != len(b) or len(a) < _MIN_KEY_FOR_VOWELS or a[-1] != b[-1]:
        return False
    differences = 0
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        pair = frozenset((x, y))
        if pair not in _VOWEL_PAIRS:
            return False
        if pair == _I_U and not _WRITTEN_Y.search((form_a if x == "и" else form_b).lower()):
            return False
        differences += 1
    return 0 < differences <= (2 if len(a) >= _MIN_KEY_FOR_TWO_VOWELS else 1)
