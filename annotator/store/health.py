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
import shutil
import sqlite3
import sys
from pathlib import Path

from annotator.core.errors import AnnotatorError, ProjectError


def database_errors() -> tuple[type[BaseException], ...]:
    """The errors of every backend in use (psycopg's only once a server project was opened,
    so that a file project never imports it)."""
    found: tuple[type[BaseException], ...] = (sqlite3.Error,)
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        found += (psycopg.Error,)
    return found


def integrity_errors() -> tuple[type[BaseException], ...]:
    found: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        found += (psycopg.errors.IntegrityError,)
    return found


def failures() -> tuple[type[BaseException], ...]:
    """What a front end shows as a message: the project's refusals and the database's
    failures."""
    return (AnnotatorError, *database_errors())
_DAMAGE = ("malformed", "not a database", "could not decode", "corrupt")


class ProjectDamaged(ProjectError):
    """The project file fails SQLite's own check."""


def damage_note(path: Path) -> Path:
    return path.with_name(f"{path.name}-damaged")


def is_damage(error: BaseException) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and any(
        word in str(error).lower() for word in _DAMAGE)


def explain(error: BaseException, location: str | Path | None) -> AnnotatorError:
    """The project's or the disk's failure, said for the person who can fix it. `location`:
    where the project is (a file path, or a server URL without password)."""
    where = str(location) if location is not None else "the project"
    path = Path(location) if location is not None and "://" not in str(location) else None
    text = str(error).lower()
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "disk is full" in text \
            or "i/o error" in text and _nearly_full(path):
        return ProjectError(f"{where}: the disk is full; nothing of the last action was "
                            "written. Free some space and try again.")
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{where} is read-only (file or folder permissions, or a read-only "
                            "disk): it can be read, not changed; nothing was written")
    if is_damage(error):
        if path is not None:
            note_damage(path, error)
        return ProjectDamaged(
            f"{where} is damaged ({_short(error)}). Nothing more is written into it; "
            "`annotator check` "
            "says what SQLite finds. Restore a backup, or recover what is readable with "
            f"`sqlite3 {where} .recover | sqlite3 recovered.db`.")
    if "i/o error" in text:
        return ProjectError(f"{where}: the disk reported an error ({error}); nothing of the last "
                            "action was written. Check the disk, then `annotator check`.")
    if "unable to open" in text:
        return ProjectError(f"{where}: cannot be opened ({error})")
    return ProjectError(f"{where}: database error: {error}")


def _nearly_full(path: Path | None) -> bool:
    try:
        return shutil.disk_usage((path or Path(".")).resolve().parent).free < 1 << 20
    except OSError:
        return False


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
    """SQLite's own check, then a read of every stored text as UTF-8 (damage inside a text
    passes SQLite's check): [] when the file is sound, else what was found."""
    try:
        rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")
        found = [row[0] for row in rows]
    except sqlite3.DatabaseError as error:
        return [_short(error)]
    if found != ["ok"]:
        return found
    return damaged_text(conn)


# The texts users wrote or imported, by table: where damage would surface as bad UTF-8.
_TEXT_COLUMNS = {"documents": ("id", "text", "meta"), "entities": ("canonical", "note"),
                 "entity_forms": ("form",), "translation_sentences": ("text",)}


def damaged_text(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    problems: list[str] = []
    factory = conn.text_factory
    conn.text_factory = bytes
    try:
        for table, columns in _TEXT_COLUMNS.items():
            cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
            for number, row in enumerate(cursor, 1):
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    try:
                        value.decode("utf-8")
                    except UnicodeDecodeError:
                        problems.append(f"{table} row {number}: {column} is not valid UTF-8 "
                                        "(damaged)")
                        if len(problems) >= limit:
                            return problems
    except sqlite3.DatabaseError as error:
        problems.append(_short(error))
    finally:
        conn.text_factory = factory
    return problems


def _short(error: BaseException) -> str:
    """SQLite's message without the damaged text it may quote at length."""
    return str(error).split(" with text ", 1)[0][:200]
