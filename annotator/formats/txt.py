"""Plain text: a .txt file, or a folder of them, one document per file.

A `manifest.jsonl` beside the files may give each file an id and metadata:
{"file": "name.txt", "id": "...", "title": "...", ...}. Without one, the id is the file
name without .txt. Text is kept exactly as stored, line endings included; only a UTF-8
byte-order mark is dropped, since it is an encoding marker, not text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.records import Incoming
from annotator.formats.files import files_in, read_bytes, size_of
from annotator.formats.registry import Reader, RecordSource, register

MANIFEST = "manifest.jsonl"
_BOM = "\ufeff"


class TextSource(RecordSource):
    def __init__(self, path: str, **_: Any) -> None:
        self.root = Path(path)
        self.name = path
        self.folder = self.root.is_dir()
        self.entries: list[Path | InputProblem] = \
            list(files_in(self.root, "*.txt")) if self.folder else [self.root]
        self.total = sum(size_of(e) or 0 for e in self.entries if isinstance(e, Path))

    def __iter__(self) -> Iterator[Incoming | InputProblem]:
        manifest: dict[str, dict[str, Any]] = {}
        if self.folder and (self.root / MANIFEST).exists():
            for item in _read_manifest(self.root / MANIFEST):
                if isinstance(item, InputProblem):
                    yield item
                else:
                    manifest[item.pop("file")] = item
        for entry in self.entries:
            if isinstance(entry, InputProblem):
                yield entry
                continue
            try:
                data = read_bytes(entry, explicit=not self.folder)
            except InputProblem as problem:
                yield problem
                continue
            self.position += len(data)
            yield _document(entry, data, dict(manifest.get(entry.name, {})))


def _document(file: Path, data: bytes, entry: dict[str, Any]) -> Incoming | InputProblem:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return InputProblem(
            str(file), line, f"invalid UTF-8: byte 0x{data[error.start]:02x} at column {column}"
        )
    text = text.removeprefix(_BOM)
    if not text.strip():
        return InputProblem(str(file), None, "the file is empty")
    doc_id = str(entry.pop("id", None) or file.stem)
    meta = {"file": file.name, **entry}
    return Incoming(doc_id, text, str(file), None, meta)


def _read_manifest(path: Path) -> Iterator[dict[str, Any] | InputProblem]:
    try:
        data = read_bytes(path)
    except InputProblem as problem:
        yield problem
        return
    for number, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield InputProblem(str(path), number, f"invalid manifest entry: {error}")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            yield InputProblem(str(path), number, 'a manifest entry needs "file": "name.txt"')
            continue
        yield entry


def _detect(path: Path) -> bool:
    if path.is_file():
        return path.suffix == ".txt"
    return path.is_dir() and any(path.glob("*.txt"))


register(Reader("txt", "plain text: a .txt file or a folder of them (one document each)",
                _detect, TextSource, accepts="any"))
