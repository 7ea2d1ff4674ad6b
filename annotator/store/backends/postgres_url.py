"""Server URLs as they may be shown: without a password (no import of psycopg needed)."""

from __future__ import annotations

import re

_PASSWORD = re.compile(r"(://[^:/@]*):[^@/]*@")
_KEYWORD = re.compile(r"(password=)('[^']*'|\S+)", re.IGNORECASE)


def masked(target: str) -> str:
    """A project location with any password replaced (URL or key=value form)."""
    return _KEYWORD.sub(r"\1***", _PASSWORD.sub(r"\1:***@", str(target)))
