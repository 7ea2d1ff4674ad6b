"""Spelling alternations derived from the scheme tables.

Two Latin spellings are the same Cyrillic letter when schemes render that letter
differently (ж: zh in BGN/PCGN, j in the French style and Kazakh Latin, ž in ISO 9), or when
one spelling romanizes the Kazakh form of a word and the other its Russian form (Kazakh қ,
Russian х: Qazaqstan / Kazakhstan). Each alternation knows which letter and which schemes
it comes from, so an explanation can name them.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from annotator.variants.schemes import CYRILLIC_VOWELS, all_schemes

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Alternation:
    a: str
    b: str
    why: str

    def describe(self) -> str:
        return f"{self.a or '∅'} -> {self.b or '∅'}: {self.why}"


@cache
def renderings() -> dict[str, dict[str, list[str]]]:
    """Cyrillic letter -> Latin rendering -> titles of the schemes that write it so."""
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for scheme in all_schemes():
        mapping = scheme.mapping
        for letter, latin in mapping.items():
            table[letter][_nfc(latin)].append(scheme.title)
        for letter, latin in scheme.data.get("between_vowels", {}).items():
            table[letter][_nfc(latin)].append(f"{scheme.title} between vowels")
        # Context rules: BGN's е as "ye" after a vowel, the ending -ий as "y" ...
        for pair, latin in (scheme.data.get("prev_mapping") or {}).items():
            after = "a vowel" if pair[0] in CYRILLIC_VOWELS else pair[0]
            table[pair[-1]][_nfc(latin)].append(f"{scheme.title} after {after}")
        for pair, latin in (scheme.data.get("next_mapping") or {}).items():
            table[pair[0]][_nfc(latin)].append(f"{scheme.title} before {pair[-1]}")
        for ending, latin in (scheme.data.get("ending_mapping") or {}).items():
            table[f"-{ending}"][_nfc(latin)].append(f"{scheme.title} at the end")
            plain = "".join(mapping.get(c, c) for c in ending)
            table[f"-{ending}"][_nfc(plain)].append(scheme.title)
    return {letter: dict(spellings) for letter, spellings in table.items()}


@cache
def alternations() -> tuple[Alternation, ...]:
    """Every pair of Latin spellings that can stand for one Cyrillic letter, both ways."""
    found: dict[tuple[str, str], str] = {}
    table = renderings()
    for letter, spellings in table.items():
        for a, a_schemes in spellings.items():
            for b, b_schemes in spellings.items():
                if a != b and (a, b) not in found:
                    found[(a, b)] = (f"{letter} is {a or 'dropped'} in {_names(a_schemes)}, "
                                     f"{b or 'dropped'} in {_names(b_schemes)}")
    for pair in json.loads((DATA / "kazakh_russian.json").read_text("utf-8"))["pairs"]:
        for a in table.get(pair["kk"], {}):
            for b in table.get(pair["ru"], {}):
                for x, y in ((a, b), (b, a)):
                    if x != y and (x, y) not in found:
                        found[(x, y)] = pair["why"]
    regional = json.loads((DATA / "regional.json").read_text("utf-8"))
    for rule in [*regional["vowels"], *regional["consonants"]]:
        a, b = rule["latin"]
        for x, y in ((a, b), (b, a)):
            found.setdefault((x, y), rule["why"])
    for letter in _FOLDED_LETTERS:
        bare = "".join(c for c in unicodedata.normalize("NFD", letter)
                       if not unicodedata.combining(c))
        if bare and bare != letter and bare.isascii():
            for x, y in ((letter, bare), (bare, letter)):
                found.setdefault((x, y), regional["diacritics_why"])
    return tuple(Alternation(a, b, why) for (a, b), why in found.items())


# Latin letters with diacritics that the region's spellings use (keys.json folds them).
_FOLDED_LETTERS = tuple(json.loads((DATA / "keys.json").read_text("utf-8"))["fold"])


def _nfc(latin: str) -> str:
    return unicodedata.normalize("NFC", latin.lower())


def _names(schemes: list[str]) -> str:
    unique = list(dict.fromkeys(schemes))
    return ", ".join(unique[:3]) + (" ..." if len(unique) > 3 else "")
