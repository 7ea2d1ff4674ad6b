"""Which writing system a name is in."""

from __future__ import annotations

import unicodedata

_JOINERS = set(" -‐'’ʼ.")


def is_cyrillic_name(text: str) -> bool:
    """Every letter Cyrillic (Russian, Kazakh, Ukrainian ...), with spaces, hyphens,
    apostrophes, dots and combining marks between them; at least one letter."""
    letters = 0
    for char in text:
        if char.isalpha():
            if "CYRILLIC" not in unicodedata.name(char, ""):
                return False
            letters += 1
        elif char not in _JOINERS and not unicodedata.combining(char):
            return False
    return letters > 0
