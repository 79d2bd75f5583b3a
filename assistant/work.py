"""Answering in worker threads, counted until each thread has really finished.

A request past its deadline stops waiting for its thread (and gets its 503), but the thread
runs on to the end: the guards count those too, so abandoned work can't pile up past the bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio

T = TypeVar("T")


class Workload:
    """How many threads are answering right now, whether or not anyone still waits for them."""

    def __init__(self) -> None:
        self.running = 0
        self._lock = threading.Lock()

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a worker thread, keeping the event loop free. A caller cancelled by
        its deadline stops waiting at once (abandon_on_cancel); the count drops when the thread ends."""

        def counted() -> T:
            # Counted from inside the thread: work cancelled before it started is never counted.
            with self._lock:
                self.running += 1
            try:
                return function(*args)
            finally:
                with self._lock:
                    self.running -= 1

        return await anyio.to_thread.run_sync(counted, abandon_on_cancel=True)
