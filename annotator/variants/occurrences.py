"""Every occurrence of given forms in a corpus, as whole words (not inside longer words)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted(set(f for f in forms if f), key=len, reverse=True)
    if not unique:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, unique)) + r")(?![\w\-‐‑])")


def find(
    documents: Iterable[tuple[str, str]], forms: Iterable[str]
) -> Iterator[tuple[str, int, int, str]]:
    """(doc_id, start, end, form) for each whole-word occurrence, in document order."""
    compiled = pattern(forms)
    if compiled is None:
        return
    for doc_id, text in documents:
        for match in compiled.finditer(text):
            yield doc_id, match.start(), match.end(), match.group()
