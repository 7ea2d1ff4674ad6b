"""The Parquet files of a dataset export: one writer per (config, split), created on its
first table, small tables gathered until a row group of BATCH rows is worth writing. Each
file's schema carries its config's `datasets` features as metadata (`hf_features`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BATCH = 1000


class ParquetWriters:
    """`shard`: a number in the files' names, when several writers (one per shard of the
    documents) write the same configs and splits: `train-00003-writing.parquet`."""

    def __init__(self, root: Path, schemas: dict[str, Any],
                 metadata: dict[str, dict[bytes, bytes]], shard: int | None = None) -> None:
        self.root = root
        self.suffix = "" if shard is None else f"-{shard:05d}"
        self.writers: dict[tuple[str, str], Any] = {}
        self.pending: dict[tuple[str, str], list] = {}
        self.described = {name: schema.with_metadata(metadata[name])
                          for name, schema in schemas.items()}

    def add(self, config: str, split: str, table: Any) -> None:
        key = (config, split)
        tables = self.pending.setdefault(key, [])
        tables.append(table)
        if sum(t.num_rows for t in tables) >= BATCH:
            self._flush(key)

    def _flush(self, key: tuple[str, str]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = self.pending.pop(key, [])
        if not tables:
            return
        config = key[0]
        if key not in self.writers:
            folder = self.root / config
            folder.mkdir(parents=True, exist_ok=True)
            self.writers[key] = pq.ParquetWriter(
                folder / f"{key[1]}{self.suffix}-writing.parquet", self.described[config])
        self.writers[key].write_table(pa.concat_tables(tables).replace_schema_metadata(
            self.described[config].metadata))

    def close(self) -> list[tuple[str, str]]:
        for key in list(self.pending):
            self._flush(key)
        for writer in self.writers.values():
            writer.close()
        return sorted(self.writers)
