"""Small values every part of the store uses: the time of a change, enums from user input,
names of annotators."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from annotator.core.errors import InvalidValue
from annotator.core.escape import is_printable_name
from annotator.core.models import DocumentStatus, SpanStatus

E = TypeVar("E", DocumentStatus, SpanStatus)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def as_enum(kind: type[E], value: Any, what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise InvalidValue(
            f"{value!r} is not a {what} (one of {', '.join(m.value for m in kind)})"
        ) from None


def valid_annotator_name(name: str) -> str:
    if not name.strip() or len(name) > 64 or not is_printable_name(name):
        raise InvalidValue(f"annotator name {name[:64]!r}: 1 to 64 characters, no control "
                           "characters or line breaks")
    if name == "gold":
        raise InvalidValue("'gold' names the adjudicated layer, not an annotator")
    return name
