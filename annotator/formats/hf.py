"""Hugging Face datasets: a `save_to_disk` folder, or parquet / jsonl / arrow files (CSV has a
reader of its own, csv_source.py, that reports bad rows one by one).

`datasets` is imported only when such a source is read. Columns other than the text, id
and spans columns become document metadata. Every split is read unless one is named.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, InputProblem
from annotator.core.records import Incoming, IncomingEntity, incoming_from_object
from annotator.formats.registry import Reader, RecordSource, register

_SAVED_MARKERS = ("dataset_info.json", "dataset_dict.json", "state.json")
_BUILDERS = {".parquet": "parquet", ".arrow": "arrow", ".jsonl": "json", ".json": "json"}
BATCH_ROWS = 1000


class DatasetSource(RecordSource):
    unit = "rows"

    def __init__(
        self, path: str, text_column: str = "text", id_column: str = "id",
        split: str | None = None, **_: Any,
    ) -> None:
        self.name = path
        self.text_column, self.id_column = text_column, id_column
        self.splits = _load(Path(path), split)
        for split_name, dataset in self.splits.items():
            if text_column not in dataset.column_names:
                raise AnnotatorError(
                    f"{path} [{split_name}]: no column {text_column!r} (columns: "
                    f"{', '.join(dataset.column_names)}); choose one with --text-column"
                )
        self.entity_rows = _entity_rows(Path(path)) if split is None and all(
            _is_annotator_export(d) for d in self.splits.values()) else None
        self.total = sum(len(d) for d in self.splits.values()) + len(self.entity_rows or ())

    def __iter__(self) -> Iterator[Incoming | IncomingEntity | InputProblem]:
        yield from self._documents()
        if self.entity_rows is not None:
            yield from self._entities()

    def _entities(self) -> Iterator[IncomingEntity | InputProblem]:
        """An annotator export's `variants` config: what spans alone cannot bring back
        (spellings no span uses, Cyrillic forms, types, notes)."""
        where = f"{self.name} [variants]"
        for number, row in enumerate(self.entity_rows or (), 1):
            self.position += 1
            canonical = row.get("canonical")
            if not isinstance(canonical, str) or not canonical.strip():
                yield InputProblem(where, number, "entity without a canonical form", "row")
                continue
            yield IncomingEntity(
                row.get("entity_id"), canonical, row.get("type"),
                [f["form"] for f in row.get("forms") or [] if f.get("form")],
                {lang: list(row.get(f"cyrillic_{lang}") or []) for lang in ("ru", "kk")},
                row.get("note"), where, number)

    def _documents(self) -> Iterator[Incoming | InputProblem]:
        several = len(self.splits) > 1
        # annotator's own export keeps metadata as JSON text and decides splits by id.
        ours = all(_is_annotator_export(d) for d in self.splits.values())
        for split_name, dataset in self.splits.items():
            where = f"{self.name} [{split_name}]"
            row_number = 0
            for batch in dataset.iter(batch_size=BATCH_ROWS):
                columns = list(batch)
                for values in zip(*batch.values(), strict=True):
                    row_number += 1
                    self.position += 1
                    row = {c: _jsonable(v) for c, v in zip(columns, values, strict=True)}
                    if ours:
                        row["meta"] = _json_object(row.get("meta"))
                    elif several:
                        row.setdefault("split", split_name)
                    try:
                        yield incoming_from_object(
                            row, where, row_number, text_field=self.text_column,
                            id_field=self.id_column, extra_as_meta=True,
                        )
                    except InputProblem as problem:
                        yield InputProblem(problem.source, problem.line, problem.problem, "row")


def _load(path: Path, split: str | None) -> dict[str, Any]:
    # Local files only: never let a typo become a download from the Hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    import datasets

    try:
        with _quiet(datasets):
            loaded = _read(datasets, path)
    except AnnotatorError:
        raise
    except Exception as error:  # datasets raises many kinds; all mean "cannot read this"
        raise AnnotatorError(f"{path}: cannot read as a dataset ({error})") from None
    splits = dict(loaded) if isinstance(loaded, datasets.DatasetDict) else {"train": loaded}
    if split is not None:
        if split not in splits:
            raise AnnotatorError(f"{path}: no split {split!r} (splits: {', '.join(splits)})")
        splits = {split: splits[split]}
    return splits


def _read(datasets: Any, path: Path) -> Any:
    if path.is_dir() and any((path / m).exists() for m in _SAVED_MARKERS):
        return datasets.load_from_disk(str(path))
    if path.is_file():
        builder = _BUILDERS.get(path.suffix)
        if builder is None:
            raise AnnotatorError(f"{path}: not a dataset file ({', '.join(_BUILDERS)})")
        return datasets.load_dataset(builder, data_files=str(path))
    return datasets.load_dataset(str(path))


@contextmanager
def _quiet(datasets: Any) -> Iterator[None]:
    """datasets' own progress bars off while reading (the import's bar is the one to show),
    and as they were afterwards: a library user's settings are theirs."""
    shown = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if shown:
            datasets.enable_progress_bars()


def _entity_rows(path: Path) -> Any:
    """The `variants` config of an annotator export folder, if it has one."""
    if not (path.is_dir() and (path / "README.md").is_file() and (path / "variants").is_dir()):
        return None
    import datasets

    try:
        with _quiet(datasets):
            return datasets.load_dataset(str(path), "variants", split="train")
    except Exception as error:  # datasets raises many kinds; all mean "cannot read this"
        raise AnnotatorError(f"{path} [variants]: cannot read ({error})") from None


def _is_annotator_export(dataset: Any) -> bool:
    names = set(dataset.column_names)
    return {"id", "text", "spans", "meta", "status"} <= names


def _json_object(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return {"meta": value}
    return value


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _detect(path: Path) -> bool:
    if path.is_file():
        return path.suffix in (".parquet", ".arrow")
    if not path.is_dir():
        return False
    if any((path / m).exists() for m in _SAVED_MARKERS):
        return True
    return any(path.rglob("*.parquet"))


register(Reader("hf", "a Hugging Face dataset: save_to_disk folder, parquet or arrow",
                _detect, DatasetSource, accepts="any"))
