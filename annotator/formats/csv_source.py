"""CSV and TSV: a header row, then one document per row. The text column (`--text-column`,
default "text") holds the text, the id column (`--id-column`, default "id") the id; other
columns become metadata. A bad row (a wrong number of fields, bad quoting) is reported with
its line and skipped; the rest of the file is imported."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.records import Incoming, incoming_from_object
from annotator.formats.files import max_file_bytes, open_input, size_of
from annotator.formats.registry import Reader, RecordSource, register


class CsvSource(RecordSource):
    unit = "rows"

    def __init__(self, path: str, text_column: str = "text", id_column: str = "id", **_: Any):
        self.name = path
        self.text_column, self.id_column = text_column, id_column
        self.delimiter = "\t" if path.endswith((".tsv", ".tab")) else ","
        self.total = None
        self.size = size_of(Path(path))
        open_input(Path(path)).close()  # fail here, with the reason, not mid-import

    def __iter__(self) -> Iterator[Incoming | InputProblem]:
        csv.field_size_limit(max_file_bytes())
        with open_input(Path(self.name)) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            rows = csv.reader(text, delimiter=self.delimiter)
            try:
                header = next(rows, None)
            except (csv.Error, UnicodeDecodeError) as error:
                yield InputProblem(self.name, 1, f"cannot read the header row: {error}")
                return
            if header is None:
                yield InputProblem(self.name, None, "the file is empty")
                return
            if self.text_column not in header:
                yield InputProblem(self.name, 1, f"no column {self.text_column!r} (columns: "
                                   f"{', '.join(header)}); choose one with --text-column")
                return
            yield from self._rows(rows, header)

    def _rows(self, rows: Any, header: list[str]) -> Iterator[Incoming | InputProblem]:
        while True:
            line = rows.line_num + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as error:
                yield InputProblem(self.name, line, f"bad CSV: {error}")
                continue
            except UnicodeDecodeError as error:
                yield InputProblem(self.name, line, f"invalid UTF-8, cannot read further "
                                   f"({error.reason})")
                return
            self.position += 1
            if not row:
                continue
            if len(row) != len(header):
                yield InputProblem(self.name, line, f"{len(row)} fields where the header has "
                                   f"{len(header)}")
                continue
            record: dict[str, Any] = dict(zip(header, row, strict=True))
            if record.get(self.id_column) == "":
                del record[self.id_column]
            try:
                yield incoming_from_object(record, self.name, line, text_field=self.text_column,
                                           id_field=self.id_column, extra_as_meta=True)
            except InputProblem as problem:
                yield problem


def _detect(path: Path) -> bool:
    return path.suffix in (".csv", ".tsv", ".tab") and not path.is_dir()


register(Reader("csv", "CSV or TSV with a header row, one document per row", _detect,
                CsvSource))
