"""Where a project is and who is working on it, when the command line does not say."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

DEFAULT_PROJECT = "annotator.db"
PROJECT_ENV = "ANNOTATOR_PROJECT"
ANNOTATOR_ENV = "ANNOTATOR_NAME"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def default_project() -> str:
    """$ANNOTATOR_PROJECT (a file or a postgresql:// URL), else ./annotator.db."""
    return os.environ.get(PROJECT_ENV) or DEFAULT_PROJECT


def default_project_path() -> Path:
    return Path(default_project())


def is_server(target: str | os.PathLike) -> bool:
    """A database server URL rather than a file."""
    return isinstance(target, str) and target.startswith(SERVER_SCHEMES)


def default_annotator() -> str:
    name = os.environ.get(ANNOTATOR_ENV)
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user database entry, e.g. in some containers
        return "unknown"
