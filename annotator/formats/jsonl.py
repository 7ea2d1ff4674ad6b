"""Native JSONL, one document per line: {"id"?, "text", "meta"?, "spans"?: [...]}."""

from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from annotator.core.errors import InputProblem
from annotator.core.records import Incoming, incoming_from_object
from annotator.formats.files import max_file_bytes, open_input, read_lines, size_of
from annotator.formats.registry import Reader, RecordSource, register


class JsonlSource(RecordSource):
    def __init__(self, path: str, text_column: str = "text", id_column: str = "id", **_: Any):
        self.path = path
        self.name = "<stdin>" if path == "-" else path
        self.text_field, self.id_field = text_column, id_column
        self.total = None if path == "-" else size_of(Path(path))
        if path != "-":
            open_input(Path(path)).close()  # fail here, with the reason, not mid-import

    def __iter__(self) -> Iterator[Incoming | InputProblem]:
        raw, stream = self._open()
        seekable = self.total is not None and raw.seekable()
        # A file no larger than the limit holds no longer line: iterate it directly (the
        # fast path); a pipe or a compressed or larger file goes through the bounded reader.
        plain = self.total is not None and seekable and not self.path.endswith(".gz") \
            and self.total <= max_file_bytes()
        number = 0
        try:
            for number, line in enumerate(stream if plain else read_lines(stream), 1):
                if line is None:
                    yield InputProblem(self.name, number, f"a line longer than "
                                       f"{max_file_bytes() // 2**20} MB (raise the limit with "
                                       "--max-file-size)")
                    continue
                self.position = raw.tell() if seekable else self.position + len(line)
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark
                if not line.strip():
                    continue
                yield self._parse(line, number)
        except (OSError, EOFError, zlib.error) as error:
            yield InputProblem(self.name, number + 1, f"cannot read further: {error}")
        finally:
            if self.path != "-":
                stream.close()

    def _open(self) -> tuple[IO[bytes], IO[bytes]]:
        if self.path == "-":
            return sys.stdin.buffer, sys.stdin.buffer
        raw = open_input(Path(self.path))
        if self.path.endswith(".gz"):
            return raw, gzip.open(raw)  # type: ignore[return-value]
        return raw, raw

    def _parse(self, line: bytes, number: int) -> Incoming | InputProblem:
        line = line.rstrip(b"\r\n")
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            return InputProblem(self.name, number, _json_problem(line, error))
        try:
            return incoming_from_object(
                obj, self.name, number, text_field=self.text_field, id_field=self.id_field
            )
        except InputProblem as problem:
            return problem


def _json_problem(line: bytes, error: orjson.JSONDecodeError) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"invalid UTF-8: byte 0x{line[bad.start]:02x} at column {bad.start + 1}"
    reason = error.msg.split(": line ")[0]
    return f"invalid JSON at column {error.colno}: {reason}"


def _detect(path: Path) -> bool:
    return path.is_file() and any(
        path.name.endswith(ext) for ext in (".jsonl", ".jsonl.gz", ".ndjson")
    )


register(Reader("jsonl", "JSON Lines: one {\"text\", ...} object per line", _detect, JsonlSource))
