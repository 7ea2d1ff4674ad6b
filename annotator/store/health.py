"""Database failures as messages a user can act on, and a guard against writing into a
damaged file.

SQLite reports a damaged page only when something reads it, which may be a command that
does not write (an export). That read leaves a note beside the project; the next process
that opens the project for writing runs `PRAGMA quick_check` first and refuses to write
into a file that fails it.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from pathlib import Path

from annotator.core.errors import AnnotatorError, ProjectError

DATABASE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error,)
_DAMAGE = ("malformed", "not a database", "could not decode", "corrupt", "disk i/o error")


class ProjectDamaged(ProjectError):
    """The project file fails SQLite's own check."""


def damage_note(path: Path) -> Path:
    return path.with_name(f"{path.name}-damaged")


def is_damage(error: BaseException) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and any(
        word in str(error).lower() for word in _DAMAGE)


def explain(error: BaseException, path: Path | None) -> AnnotatorError:
    """The project's or the disk's failure, said for the person who can fix it."""
    where = str(path) if path is not None else "the project"
    text = str(error).lower()
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "disk is full" in text:
        return ProjectError(f"{where}: the disk is full; nothing of the last action was "
                            "written. Free some space and try again.")
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{where} is read-only (file or folder permissions, or a read-only "
                            "disk): it can be read, not changed; nothing was written")
    if is_damage(error):
        if path is not None:
            note_damage(path, error)
        return ProjectDamaged(
            f"{where} is damaged ({error}). Nothing more is written into it; `annotator check` "
            "says what SQLite finds. Restore a backup, or recover what is readable with "
            f"`sqlite3 {where} .recover | sqlite3 recovered.db`.")
    if "unable to open" in text:
        return ProjectError(f"{where}: cannot be opened ({error})")
    return ProjectError(f"{where}: database error: {error}")


def note_damage(path: Path, error: BaseException) -> None:
    # In a read-only folder no note can be left; nothing can be written there anyway.
    with contextlib.suppress(OSError):
        damage_note(path).write_text(f"{error}\n", encoding="utf-8")


def check_before_writing(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse to write into a file a read found damaged, unless it now passes quick_check."""
    note = damage_note(path)
    if not note.exists():
        return
    problems = quick_check(conn)
    if problems:
        raise ProjectDamaged(
            f"{path} is damaged ({problems[0]}); nothing is written into it. Restore a "
            f"backup, or recover what is readable with `sqlite3 {path} .recover | sqlite3 "
            "recovered.db`.")
    note.unlink(missing_ok=True)


def quick_check(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    """SQLite's own check: [] when the file is sound, else what it found."""
    try:
        rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")
        found = [row[0] for row in rows]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if found == ["ok"] else found
