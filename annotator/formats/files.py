"""Reading input files safely: only regular files from folders (a FIFO would hang the import,
a link to /dev/zero would read forever), at most a size limit, and every failure of the file
system turned into a problem that names the file, so the rest of an import goes on.

A path named on the command line may also be a pipe (`<(zcat x.gz)`, a FIFO), which is
read as a stream; a device never is.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError, InputProblem

MAX_FILE_ENV = "ANNOTATOR_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 1024


def max_file_bytes() -> int:
    """The largest file (or JSONL line) read whole; --max-file-size sets it for a run."""
    try:
        return int(float(os.environ.get(MAX_FILE_ENV, DEFAULT_MAX_FILE_MB)) * 2**20)
    except ValueError:
        return DEFAULT_MAX_FILE_MB * 2**20


def what_is_wrong(path: Path, *, explicit: bool = False) -> str | None:
    """Why `path` cannot be read as an input file, or None when it can. `explicit`: the
    user named it (a pipe is then fine)."""
    try:
        info = path.stat()
    except OSError as error:
        if path.is_symlink():
            if error.errno == errno.ELOOP:
                return "a loop of symbolic links"
            return "a symbolic link to something that does not exist"
        return reason(error)
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file"
    if stat.S_ISREG(info.st_mode):
        if not os.access(path, os.R_OK):
            return "no permission to read it"
        return None
    if explicit and stat.S_ISFIFO(info.st_mode):
        return None
    kind = "a pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
    return f"{kind}, not a regular file"


def is_stream(path: Path) -> bool:
    """A pipe rather than a file: no size, no seeking."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def size_of(path: Path) -> int | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def read_bytes(path: Path, *, explicit: bool = False) -> bytes:
    """The whole file, or InputProblem (not a regular file, too large, unreadable)."""
    problem = what_is_wrong(path, explicit=explicit)
    if problem:
        raise InputProblem(str(path), None, problem)
    limit = max_file_bytes()
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise InputProblem(str(path), None, reason(error)) from None
    if len(data) > limit:
        raise InputProblem(str(path), None, f"larger than {limit // 2**20} MB, the limit for "
                           "one file (raise it with --max-file-size)")
    return data


def open_input(path: Path) -> IO[bytes]:
    """A named input opened for streaming (a file or a pipe); AnnotatorError if it cannot be."""
    problem = what_is_wrong(path, explicit=True)
    if problem:
        raise AnnotatorError(f"{path}: {problem}")
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as error:
        raise AnnotatorError(f"{path}: {reason(error)}") from None


def read_lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Lines of a stream, each at most the size limit: a longer one is None (then skipped
    up to its end), so a file without line breaks cannot fill the memory."""
    limit = max_file_bytes()
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def files_in(folder: Path, pattern: str) -> Iterator[Path | InputProblem]:
    """The folder's files matching `pattern`, sorted; entries that are not readable regular
    files come as problems naming them."""
    try:
        entries = sorted(folder.glob(pattern))
    except OSError as error:
        yield InputProblem(str(folder), None, reason(error))
        return
    for entry in entries:
        problem = what_is_wrong(entry)
        yield entry if problem is None else InputProblem(str(entry), None, f"{problem}; skipped")


def reason(error: OSError) -> str:
    return error.strerror or str(error)
