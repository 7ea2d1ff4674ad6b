"""Backends of the project store, chosen by where the project is: a file path (SQLite, the
embedded default) or a postgresql:// URL (a server, for teams)."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.core.errors import ProjectError
from annotator.store.backends.base import Database
from annotator.store.location import is_server

# Marks a login role that is only a default ($ANNOTATOR_NAME): a URL naming a user wins.
DEFAULT_LOGIN = "default:"


def open_database(target: str | os.PathLike, *, create: bool = False,
                  user: str | None = None) -> Database:
    """Connect to the project at `target`. With `create`, a project that does not exist yet
    may be created there; without it, only an existing project opens. `user`: on a server,
    the role to log in as when the URL does not name one."""
    if is_server(target):
        try:
            from annotator.store.backends.postgres import PostgresDatabase
        except ImportError:  # pragma: no cover - the extra is missing
            raise ProjectError("PostgreSQL projects need the 'postgres' extra: pip install "
                               "'corpus-annotator[postgres]'") from None
        return PostgresDatabase(str(target), create=create, user=user)
    path = Path(target)
    if not create:
        if not path.exists():
            raise ProjectError(f"{path}: no such project (create one with `annotator init`)")
        if not path.is_file():
            raise ProjectError(f"{path} is not a file; a project is one file (`annotator init`)")
        if path.stat().st_size == 0:
            raise ProjectError(f"{path} is an empty file, not a project (create one with "
                               "`annotator init`)")
    from annotator.store.backends.sqlite import SqliteDatabase

    return SqliteDatabase(path, create=create)


__all__ = ["Database", "open_database"]
