"""Where exports are written: a target is checked before anything is written, the output
is written beside it under a temporary name and renamed into place when complete, so an
interrupted or failed export leaves the previous file or folder as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.processes import process_alive

_MAX_STEM = 100  # of the temporary names, which add a prefix and a suffix to the target's


def check_target(out: Path, protected: Iterable[Path] = ()) -> None:
    """Refuse a target whose replacement would remove something that must stay: the
    project file or its journal, or the folder we are working in (or one above it)."""
    target = out.resolve()
    for path in protected:
        kept = path.resolve()
        if kept == target or target in kept.parents:
            raise AnnotatorError(f"{out} holds {path}, which an export must never replace; "
                                 "choose another target")
    here = Path.cwd().resolve()
    if target == here or target in here.parents:
        raise AnnotatorError(f"{out} is the current folder or one above it; choose a new "
                             "folder for the export")


@contextmanager
def atomic_output(out: Path, *, overwrite: bool = False, folder: bool = False
                  ) -> Iterator[Path]:
    """Yield a temporary path beside `out` to write (a file, or a folder that exists);
    when the block ends without error it takes `out`'s place."""
    out = Path(out)
    if out.exists() or out.is_symlink():
        if not overwrite:
            raise AnnotatorError(f"{out} exists; choose another name or pass --overwrite")
        if folder and not out.is_dir():
            raise AnnotatorError(f"{out} is a file; this export writes a folder")
        if not folder and out.is_dir():
            raise AnnotatorError(f"{out} is a folder; this export writes a file (name one "
                                 "inside it)")
    parent = out.parent
    if parent.exists() and not parent.is_dir():
        raise AnnotatorError(f"{parent} is a file, so nothing can be written under it")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise AnnotatorError(f"{parent}: cannot create the folder ({error.strerror})") from None
    if not os.access(parent, os.W_OK):
        raise AnnotatorError(f"{parent}: no permission to write there")
    clean_stale(out)
    work = _work_name(out, "writing", os.getpid())
    _remove(work)
    if folder:
        work.mkdir()
    try:
        yield work
        _replace(work, out)
    except BaseException:
        _remove(work)
        raise


def clean_stale(out: Path) -> list[Path]:
    """Remove work files and folders that exports killed before their end left beside
    `out` (their process is gone); return them."""
    removed = []
    stem = out.name[:_MAX_STEM]
    for path in out.parent.glob(f".{_glob_escape(stem)}.*-*"):
        kind, _, pid = path.name[len(stem) + 2:].rpartition("-")
        if kind in ("writing", "old") and pid.isdigit() and not process_alive(int(pid)):
            _remove(path)
            removed.append(path)
    return removed


def _work_name(out: Path, kind: str, pid: int) -> Path:
    return out.parent / f".{out.name[:_MAX_STEM]}.{kind}-{pid}"


def _replace(work: Path, out: Path) -> None:
    """Put the finished output in place; an old folder goes only once the new one is there."""
    if work.is_dir() and out.is_dir():
        old = _work_name(out, "old", os.getpid())
        out.rename(old)
        work.rename(out)
        shutil.rmtree(old)
    else:
        os.replace(work, out)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in text)
