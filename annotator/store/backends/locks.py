"""How long a write waits for another's lock, and who holds a project file open."""

from __future__ import annotations

import os
from pathlib import Path

BUSY_TIMEOUT_ENV = "ANNOTATOR_LOCK_TIMEOUT"  # seconds a write waits for another's lock
DEFAULT_BUSY_TIMEOUT = 30.0


def busy_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV, DEFAULT_BUSY_TIMEOUT)))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def lock_holders(path: Path) -> list[str]:
    """Other processes that have the project file open, as "pid 123: annotator import x"
    (Linux /proc; elsewhere, or without permission, nothing is known)."""
    try:
        wanted = {os.path.realpath(path), os.path.realpath(f"{path}-wal")}
        pids = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return []
    found = []
    for pid in pids:
        if int(pid) == os.getpid():
            continue
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
            if not any(os.path.realpath(f"/proc/{pid}/fd/{fd}") in wanted
                       for fd in descriptors):
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                command = file.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            continue
        found.append(f"pid {pid}: {_short_command(command)}")
    return found


def _short_command(command: str) -> str:
    parts = command.split()
    # "python .../bin/annotator import x" reads better as "annotator import x".
    for index, part in enumerate(parts):
        if os.path.basename(part) == "annotator":
            return " ".join(["annotator", *parts[index + 1:]])[:120]
    return command[:120]
