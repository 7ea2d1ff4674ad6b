"""brat standoff: a folder of `name.txt` + `name.ann`. T lines are spans; an N line ties a
span to an entity (`N1\tReference T1 annotator:ID\tCanonical`), our entity link. Other
annotation kinds (relations, events, attributes, notes) are not annotator's and are left
out. brat types have no spaces: a label's spaces are written as underscores."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.escape import one_line
from annotator.core.exported import ExportDocument
from annotator.core.records import Incoming, incoming_from_object
from annotator.formats.files import files_in, read_bytes
from annotator.formats.registry import Reader, RecordSource, register
from annotator.formats.writers import Writer, register_writer


class BratSource(RecordSource):
    unit = "files"

    def __init__(self, path: str, **_: Any) -> None:
        self.name = path
        self.files = list(files_in(Path(path), "*.ann"))
        self.total = len(self.files)

    def __iter__(self) -> Iterator[Incoming | InputProblem]:
        for ann in self.files:
            self.position += 1
            if isinstance(ann, InputProblem):
                yield ann
                continue
            text_file = ann.with_suffix(".txt")
            try:
                text = read_bytes(text_file).decode("utf-8").removeprefix("\ufeff")
                lines = read_bytes(ann).decode("utf-8").removeprefix("\ufeff").split("\n")
            except InputProblem as problem:
                yield problem
                continue
            except UnicodeDecodeError as error:
                yield InputProblem(str(ann), None, f"invalid UTF-8 ({error.reason})")
                continue
            yield self._document(ann, text, lines)

    def _document(self, ann: Path, text: str, lines: list[str]) -> Incoming | InputProblem:
        spans: dict[str, dict] = {}
        for number, line in enumerate(lines, 1):
            line = line.removesuffix("\r")  # brat lines end at \n only; others are text
            fields = line.split("\t")
            if line.startswith("T") and len(fields) >= 2:
                kind, _, where = fields[1].partition(" ")
                if ";" in where:
                    return InputProblem(str(ann), number,
                                        "discontinuous span: annotator spans are continuous")
                try:
                    start, end = (int(x) for x in where.split())
                except ValueError:
                    return InputProblem(str(ann), number, f"bad offsets {where!r}")
                written = fields[2] if len(fields) > 2 else None
                if written is not None and 0 <= start < end <= len(text) \
                        and one_line(text[start:end]) == written:
                    written = None  # the text, as brat's one-line field holds it
                spans[fields[0]] = {"start": start, "end": end, "label": kind.replace("_", " "),
                                    "text": written}
            elif line.startswith("N") and len(fields) >= 3:
                target = fields[1].split(" ")[1] if len(fields[1].split(" ")) > 1 else ""
                if target in spans:
                    spans[target]["entity"] = fields[2]
        try:
            return incoming_from_object(
                {"id": ann.stem, "text": text, "meta": {"file": ann.name},
                 "spans": list(spans.values())}, str(ann), None)
        except InputProblem as problem:
            return problem


def write_brat(documents: Iterable[ExportDocument], folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    names = FileNames()
    count = 0
    for doc in documents:
        count += 1
        name = names.of(doc.id)
        (folder / f"{name}.txt").write_text(doc.text, encoding="utf-8")
        lines = []
        for number, span in enumerate(doc.spans, 1):
            # brat has no escapes: a tab or line break inside a field would start a new
            # field or a forged annotation line.
            lines.append(f"T{number}\t{one_line(span.label).replace(' ', '_')} {span.start} "
                         f"{span.end}\t{one_line(span.text)}")
            if span.canonical:
                lines.append(f"N{number}\tReference T{number} annotator:{span.entity_id}"
                             f"\t{one_line(span.canonical)}")
        (folder / f"{name}.ann").write_text("\n".join(lines) + ("\n" if lines else ""),
                                            encoding="utf-8")
    return count


class FileNames:
    """A file name for each document id: the id where it is a safe, short name, else a
    cleaned, shortened id with a hash of the id, so no two documents share a file (also on
    file systems that ignore case)."""

    MAX = 80

    def __init__(self) -> None:
        self.used: set[str] = set()

    def of(self, doc_id: str) -> str:
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id)[:self.MAX]
        name = name.lstrip(".") or "_"
        if name != doc_id or name.lower() in self.used:
            name = f"{name}-{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:12]}"
        while name.lower() in self.used:
            name += "_"
        self.used.add(name.lower())
        return name


def _detect(path: Path) -> bool:
    return path.is_dir() and any(path.glob("*.ann"))


register(Reader("brat", "brat standoff: a folder of .txt and .ann files", _detect, BratSource,
                accepts="folder"))
register_writer(Writer("brat", "brat standoff: a folder of .txt and .ann (N lines: entities)",
                       write_brat, folder=True))
