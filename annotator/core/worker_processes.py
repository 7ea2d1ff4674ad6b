"""Worker processes that never outlive the process that started them.

A pool's workers hold the project open and hundreds of MB each; if the main process is
killed (kill -9, the OOM killer), nothing would tell them to stop. On Linux the kernel
sends them SIGKILL when their parent dies (prctl PR_SET_PDEATHSIG); elsewhere a thread
notices that the parent is gone (the worker is adopted by another process) within a second.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """A pool initializer, given the pid of the process that makes the pool
    (`initargs=(os.getpid(),)`): a spawned worker imports for a second before it gets here,
    and its parent may be gone by then, so the worker cannot ask who its parent was."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
