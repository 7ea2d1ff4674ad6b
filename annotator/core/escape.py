"""Text from documents and users, made safe for each place it is written. Every string that
came from a user or a file is data: never markup, never a new line, never a formula."""

from __future__ import annotations

import json
import re
import unicodedata

# Everything str.splitlines() breaks at, and every other control character.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Inline Markdown that could turn text into emphasis, code, links or table cells. (User text
# never starts a line in what we write, so list and heading markers cannot take effect.)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# OWASP's list of characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def one_line(text: str) -> str:
    """Line breaks, tabs and other control characters become spaces."""
    return _BREAKS.sub(" ", text)


def has_breaks(text: str) -> bool:
    return _BREAKS.search(text) is not None


def markdown(text: str) -> str:
    """Literal text in Markdown: no HTML, no emphasis, links, headings or table cells."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(escaped))


def spreadsheet_cell(text: str) -> str:
    """A CSV/TSV cell that a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def yaml_string(text: str) -> str:
    """A YAML scalar that can only be read back as this string (JSON is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def is_printable_name(text: str) -> bool:
    """No control characters, line or paragraph separators."""
    return not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text)
