"""The `spans` and `ner` configs written in shards: runs of SHARD_CHUNKS chunks of
documents, each shard's Parquet files written by the process that built its rows. Worker
processes then send back only counts, not the rows (which cost more to send to a writing
main process and write there than to write where they are), and the shards do not depend
on how many workers there are: the same export gives the same files with one or four.

Progress is counted per chunk: workers report through a queue as they go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.export_columns import ExportColumns
from annotator.formats.hf_rows import ChunkContext, ChunkResult, build_chunk
from annotator.formats.parquet_writers import ParquetWriters

SHARD_CHUNKS = 10  # chunks of 500 documents (store/export.py): 5,000 documents a shard

# In a worker: where it reports each chunk's documents (set by _start_worker).
_PROGRESS: Any = None


@dataclass(frozen=True)
class ShardJob:
    number: int
    # (split, chunk): StoredChunks (read where the shard is written) or document lists
    chunks: list[tuple[str, Any]]
    root: str
    context: ChunkContext
    metadata: dict[str, dict[bytes, bytes]]


def write_shard(job: ShardJob, read: Callable[[Any], ExportColumns] | None = None,
                tick: Callable[[int], None] | None = None) -> ChunkResult:
    """Build and write one shard's rows; its counts, without tables. `read`: how to read
    a chunk here (the caller's connection), else the chunk reads itself."""
    schemas = {config: job.context.schemas[config] for config in ("spans", "ner")}
    writers = ParquetWriters(Path(job.root), schemas, job.metadata, job.number)
    total = ChunkResult()
    for split, chunk in job.chunks:
        columns = read(chunk) if read else (
            ExportColumns.of_documents(chunk) if isinstance(chunk, list) else chunk.columns())
        part = build_chunk(columns, job.context, split)
        for (config, split), table in part.tables.items():
            writers.add(config, split, table)
        part.tables = {}
        total.add(part)
        total.computed_offsets += part.computed_offsets
        done = sum(part.documents.values())
        if tick:
            tick(done)
        elif _PROGRESS is not None:
            _PROGRESS.put(done)
    writers.close()
    return total


@dataclass
class ShardWorkers:
    pool: Any  # a ProcessPoolExecutor
    queue: Any  # where the workers report each chunk's documents
    count: int


@contextmanager
def shard_workers(workers: int) -> Iterator[ShardWorkers | None]:
    """`workers` processes for write_shards, started at once, so that they import while the
    caller plans the export; None for one (the shards are then written here)."""
    if workers <= 1:
        yield None
        return
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    # Spawned, not forked: a fork copies whatever lock another thread holds at that moment
    # (the progress bar's, a connection pool's), and a worker that inherits a held lock
    # hangs before it can even arrange to die with its parent.
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                             initargs=(os.getpid(), queue), mp_context=context) as pool:
        for _ in range(workers):  # the pool starts a process for each job it is given
            pool.submit(_warm_up)
        yield ShardWorkers(pool, queue, workers)
    queue.close()


def write_shards(chunks: Iterable[tuple[str, Any]], context: ChunkContext, root: Path,
                 metadata: dict[str, dict[bytes, bytes]], workers: ShardWorkers | None,
                 progress: Callable[[int], None] | None,
                 read: Callable[[Any], ExportColumns] | None = None) -> Iterator[ChunkResult]:
    """Each shard's counts as it is written, by `workers` (a few shards in flight at a
    time: memory stays flat) or here."""
    shards = (ShardJob(number, group, str(root), context, metadata)
              for number, group in enumerate(_groups(chunks, SHARD_CHUNKS)))
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done)

    if workers is None:
        for shard in shards:
            yield write_shard(shard, read, tick)
        return
    written = 0
    for result in _in_workers(shards, workers, tick):
        written += sum(result.documents.values())
        yield result
    if written > done:  # reports still on their way when the last shard was done
        tick(written - done)


def _in_workers(shards: Iterator[ShardJob], workers: ShardWorkers,
                tick: Callable[[int], None]) -> Iterator[ChunkResult]:
    from concurrent.futures import FIRST_COMPLETED, wait

    def drain() -> None:
        while not workers.queue.empty():
            tick(workers.queue.get())

    flying: set = set()
    for shard in shards:
        flying.add(workers.pool.submit(write_shard, shard))
        while len(flying) > workers.count:
            finished, flying = wait(flying, timeout=0.2, return_when=FIRST_COMPLETED)
            drain()
            yield from (future.result() for future in finished)
    while flying:
        finished, flying = wait(flying, timeout=0.2, return_when=FIRST_COMPLETED)
        drain()
        yield from (future.result() for future in finished)


def _warm_up() -> None:
    """Import what writing a shard needs (numpy, pyarrow's Parquet writer)."""
    import pyarrow.parquet  # noqa: F401

    import annotator.formats.hf_ner_rows  # noqa: F401


def _start_worker(parent: int, queue: Any) -> None:
    from annotator.core.worker_processes import die_with_parent

    global _PROGRESS
    die_with_parent(parent)
    _PROGRESS = queue


def _groups(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    group: list[Any] = []
    for item in items:
        group.append(item)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group
