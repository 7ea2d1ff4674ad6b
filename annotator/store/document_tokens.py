"""The token and sentence offsets kept for each document (core/token_offsets.py): made at
import; an export reads those of the current tokenizer version and tokenizes the rest,
which are then kept too (documents of projects made before offsets were kept)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.token_offsets import TOKENIZER_VERSION, TokenOffsets, encode
from annotator.store.backends.base import Database

# Processes beside an import: the import keeps one core busy, and tokenizing costs more.
WORKERS = 2
_INSERT = ("INSERT INTO document_tokens (doc_seq, version, tokens, sentences) "
           "VALUES (?, ?, ?, ?)")


def encoded_rows(documents: Iterable[tuple[int, str]]) -> list[tuple[int, int, bytes, bytes]]:
    """The rows of document_tokens for these (sequence number, text) documents (a worker
    process runs this for an import)."""
    rows = []
    for seq, text in documents:
        offsets = encode(text)
        if offsets is not None:
            rows.append((seq, TOKENIZER_VERSION, offsets.tokens, offsets.sentences))
    return rows


def keep_for_texts(db: Database, documents: Iterable[tuple[int, str]]) -> None:
    """Offsets for these (sequence number, text) documents, new ones."""
    db.executemany(_INSERT, encoded_rows(documents))


class BesideImport:
    """Offsets of the documents an import adds. With `in_worker`, made beside it: the first
    batch here, the others in worker processes (tokenizing costs more than the rest of an
    import, which uses one core). Each batch's offsets are kept in the transaction open
    when they are ready, the last ones by `finish()`; an import killed before then leaves
    some documents without offsets, which the next export makes and keeps. At most a few
    batches wait for the workers: the import's memory stays bounded."""

    def __init__(self, db: Database, in_worker: bool = False) -> None:
        self.db, self.in_worker = db, in_worker
        self.batches = 0
        self.pool: Any = None
        self.waiting: list[Any] = []  # futures, in the order the batches came

    def add(self, documents: list[tuple[int, str]]) -> None:
        if not documents:
            return
        self.batches += 1
        if self.batches == 1 or not self.in_worker:  # a small import starts no process
            keep_for_texts(self.db, documents)
            return
        if self.pool is None:
            self.pool = _pool()
        self.waiting.append(self.pool.submit(encoded_rows, documents))
        while self.waiting and (self.waiting[0].done() or len(self.waiting) > 2 * WORKERS):
            self.db.executemany(_INSERT, self.waiting.pop(0).result())

    def finish(self) -> None:
        """Keep every batch's offsets (waits for the worker), in the open transaction."""
        try:
            for future in self.waiting:
                self.db.executemany(_INSERT, future.result())
            self.waiting = []
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def _pool() -> Any:
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from annotator.core.worker_processes import die_with_parent

    # Spawned, not forked: see formats/hf_dataset.py (a fork may copy a held lock).
    return ProcessPoolExecutor(max_workers=WORKERS, initializer=die_with_parent,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("spawn"))


def keep_computed(db: Database, computed: Iterable[tuple[str, TokenOffsets]]) -> int:
    """Offsets an export computed, by document id; any older version is replaced."""
    rows = [(TOKENIZER_VERSION, offsets.tokens, offsets.sentences, doc_id)
            for doc_id, offsets in computed]
    if not rows:
        return 0
    with db.transaction():
        db.executemany(
            "INSERT INTO document_tokens (doc_seq, version, tokens, sentences) "
            "SELECT seq, ?, ?, ? FROM documents WHERE id = ? ON CONFLICT (doc_seq) DO UPDATE "
            "SET version = excluded.version, tokens = excluded.tokens, "
            "sentences = excluded.sentences", rows)
    return len(rows)
