"""The registry of readers: each knows whether it can read a path and how to stream it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, InputProblem
from annotator.core.records import Incoming, IncomingEntity
from annotator.formats.files import reason, what_is_wrong


class RecordSource:
    """A stream of incoming documents (or problems), with progress in `unit`s."""

    name: str = ""
    unit: str = "bytes"
    total: int | None = None
    position: int = 0

    def __iter__(self) -> Iterator[Incoming | IncomingEntity | InputProblem]:
        raise NotImplementedError


@dataclass(frozen=True)
class Reader:
    name: str
    description: str
    detect: Callable[[Path], bool]
    open: Callable[..., RecordSource]
    accepts: str = "file"  # "file", "folder" or "any"


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    READERS[reader.name] = reader
    return reader


def open_source(path: str, format: str | None = None, **options: Any) -> RecordSource:
    """Open `path` ("-" is standard input, read as JSONL) with the named or detected reader."""
    _load_builtin_readers()
    if path == "-":
        format = format or "jsonl"
    else:
        if not Path(path).exists():
            problem = what_is_wrong(Path(path)) if Path(path).is_symlink() else None
            raise AnnotatorError(f"{path}: {problem or 'no such file or folder'}")
        if format is None:
            format = next((r.name for r in READERS.values() if r.detect(Path(path))), None)
            if format is None:
                raise AnnotatorError(
                    f"{path}: cannot tell its format; name one with --from "
                    f"({', '.join(READERS)})"
                )
    format = {"prodigy": "jsonl", "doccano": "jsonl"}.get(format or "", format)
    if format not in READERS:
        raise AnnotatorError(f"unknown format {format!r} (known: {', '.join(READERS)})")
    reader = READERS[format]
    if path != "-":
        folder = Path(path).is_dir()
        if folder and reader.accepts == "file":
            raise AnnotatorError(f"{path}: a folder; {format} reads a file")
        if not folder and reader.accepts == "folder":
            raise AnnotatorError(f"{path}: not a folder; {format} reads a folder")
    try:
        return reader.open(path, **options)
    except OSError as error:
        raise AnnotatorError(f"{path}: {reason(error)}") from None


def _load_builtin_readers() -> None:
    # Imported here so that each module registers itself without an import cycle.
    from annotator.formats import (  # noqa: F401
        brat,
        conll,
        csv_source,
        hf,
        jsonl,
        labelstudio,
        txt,
    )
