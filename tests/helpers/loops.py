"""Running a coroutine from a test, clear of the event loop the browser tests' Playwright keeps
running in the main thread (anyio.run refuses to start inside it)."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import Any


def run_apart(function: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """`anyio.run(function, *args)` in a thread of its own; its result, or its exception raised here."""
    import anyio

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = anyio.run(function, *args)
        except BaseException as error:  # handed back to the test's thread
            outcome["error"] = error

    runner = threading.Thread(target=run)
    runner.start()
    runner.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
