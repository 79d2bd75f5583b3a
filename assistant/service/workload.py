"""Answering in worker threads, and counting the threads nobody waits for any more.

A request past its deadline stops waiting for its thread (and gets its 503), but the thread runs
on to the end. Those abandoned threads still use a core, so the guards count them beside the
requests in flight: abandoned work can't pile up past the bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio

T = TypeVar("T")


class _Call:
    """One call's progress: whether its thread has started or finished, and whether its caller left."""

    started = False
    finished = False
    left = False


class Workload:
    """Threads still answering for callers who have gone."""

    def __init__(self) -> None:
        self.abandoned = 0
        self._lock = threading.Lock()

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a worker thread, keeping the event loop free. A caller cancelled by
        its deadline stops waiting at once (abandon_on_cancel); its thread counts as abandoned
        from then until it ends. A call whose thread never started is never counted."""
        call = _Call()

        def counted() -> T:
            with self._lock:
                call.started = True
                if call.left:
                    self.abandoned += 1
            try:
                return function(*args)
            finally:
                with self._lock:
                    call.finished = True
                    if call.left:
                        self.abandoned -= 1

        try:
            return await anyio.to_thread.run_sync(counted, abandon_on_cancel=True)
        except anyio.get_cancelled_exc_class():
            with self._lock:
                call.left = True
                if call.started and not call.finished:
                    self.abandoned += 1
            raise
