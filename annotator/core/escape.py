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


# What a terminal would obey rather than show: control characters (line breaks and tabs
# aside) and the bidirectional overrides that reorder what is displayed.
_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal(text: str) -> str:
    """Text a terminal shows as it is: escape sequences appear as \\x1b, never run."""
    return _TERMINAL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                         else f"\\u{ord(m.group()):04x}", text)


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
