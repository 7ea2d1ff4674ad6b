"""Occurrences of given forms in a text, as whole words (not inside longer words)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted(set(f for f in forms if f), key=len, reverse=True)
    if not unique:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, unique)) + r")(?![\w\-‐‑])")
