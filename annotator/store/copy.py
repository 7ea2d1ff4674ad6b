"""Copying a project between backends (a file and a server, either way) without loss: every
table row for row, ids kept, so the history still names the rows it changed and undo goes
on working in the copy."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.core.errors import ProjectError
from annotator.store.backends import Database, open_database

# In an order that every row's references exist before it.
TABLES = ("project_info", "labels", "members", "documents", "document_aliases", "entities",
          "entity_forms", "entity_cyrillic", "spans", "history", "variant_rejections",
          "span_rejections", "translations", "translation_sentences", "assignments",
          "document_tokens")
# Tables whose ids the database generates: the copy keeps the ids, and the target's
# generator must then go on after the highest.
GENERATED_IDS = ("entities", "spans", "history")
BATCH = 1000


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)


def copy_project(source: str | os.PathLike, target: str | os.PathLike, *,
                 user: str | None = None,
                 progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy the project at `source` to `target`, which must not hold a project yet. The copy
    is one transaction: it is there whole, or not at all."""
    src = open_database(source, user=user)
    try:
        dst = open_database(target, create=True, user=user)
    except BaseException:
        src.close()
        raise
    try:
        if dst.scalar("SELECT count(*) FROM labels") or dst.scalar(
                "SELECT count(*) FROM documents"):
            raise ProjectError(f"{dst.location} holds a project already; copy into a new one")
        report = CopyReport()
        with dst.transaction():
            # The target's own creation record goes; its schema version is its own.
            dst.execute("DELETE FROM project_info WHERE key <> 'schema_version'")
            dst.execute("DELETE FROM members")
            for table in TABLES:
                report.rows[table] = _copy_table(src, dst, table, progress)
            for table in GENERATED_IDS:
                dst.continue_ids_after_copy(table)
        return report
    finally:
        src.close()
        dst.close()


def _copy_table(src: Database, dst: Database, table: str,
                progress: Callable[[str, int], None] | None) -> int:
    copied = 0
    batch: list[tuple] = []
    insert = None
    where = " WHERE key <> 'schema_version'" if table == "project_info" else ""
    for row in src.stream(f"SELECT * FROM {table}{where}", (), BATCH):
        if insert is None:
            columns = list(row.keys())
            insert = (f"INSERT INTO {table} ({', '.join(columns)}) "
                      f"VALUES ({', '.join('?' * len(columns))})")
        batch.append(tuple(row))
        if len(batch) >= BATCH:
            dst.executemany(insert, batch)
            copied += len(batch)
            batch = []
            if progress:
                progress(table, copied)
    if batch and insert is not None:
        dst.executemany(insert, batch)
        copied += len(batch)
    if progress:
        progress(table, copied)
    return copied
