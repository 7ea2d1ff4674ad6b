"""Whether a worker of this app is saving machine output on a connection of its own (the
form index, the kept suggestions). The live view, which announces commits it did not make
as "changes saved by others", waits while one is: the worker's commits are absorbed when
its result arrives (AppScreen.absorb_own_writes), and a poll between the commit and that
moment would announce them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class OwnWrites:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0

    @contextmanager
    def during(self) -> Iterator[None]:
        """Around a worker's whole run, its result handed to the screen included."""
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running > 0
