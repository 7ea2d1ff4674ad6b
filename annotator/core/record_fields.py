"""Checks of single fields of an incoming record, shared by the record parsers, with
messages that say what was found instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.core.errors import InputProblem


def type_name(value: Any) -> str:
    """A value's type in JSON's words."""
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
            dict: "object"}.get(type(value), type(value).__name__)


def offsets(item: dict, where: str, problem: Callable[[str], InputProblem]) -> tuple[int, int]:
    """The integer "start" and "end" of an item (true and false are not integers here)."""
    found = []
    for name in ("start", "end"):
        value = item.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise problem(f'{where}: "{name}" must be an integer, got {type_name(value)}')
        found.append(value)
    return found[0], found[1]
