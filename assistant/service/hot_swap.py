"""Swapping in a new index build while the server runs, on request or when `current` moves.

`assistant index` writes a new build and moves the `current` symlink in one rename. The server
notices (or is told, by `POST /admin/reload`), loads the build beside the one serving, and swaps
the engine in a single assignment: a request in flight finishes on the engine it started with.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import anyio
from fastapi import FastAPI

from assistant.rules import PinDrift
from assistant.search.index import IndexProblem, current_path

log = logging.getLogger(__name__)
_swap = threading.Lock()


def reload_engine(app: FastAPI) -> bool:
    """Swap in the current build if it is not the one serving. Raises when it can't be used."""
    with _swap:
        engine = app.state.engine
        if current_path(engine.settings.index_dir) == engine.index.path:
            return False
        app.state.engine = engine.reopened()  # cached replies of the old build are keyed apart
        log.info("now serving index %s", app.state.engine.index.build_id)
        return True


async def watch_index(app: FastAPI, interval: float) -> None:
    """Every `interval` seconds, swap in a new build if `current` has moved (run as a task).

    Nothing it raises stops the server: the engine in use keeps serving. A build that can't be
    used (corrupt, or its pins drifted) is reported once and not tried again until `current`
    moves on; any other failure (too many open files, a link caught mid-swap) may pass, so it is
    tried again next time, and reported once while it lasts.
    """
    unusable: Path | None = None
    reported = ""
    while True:
        await anyio.sleep(interval)
        target: Path | None = None
        try:
            target = current_path(app.state.engine.settings.index_dir)
            if target != unusable:
                await anyio.to_thread.run_sync(reload_engine, app)
            reported = ""
        except (IndexProblem, PinDrift) as problem:
            unusable = target
            log.warning("kept the index in use; %s cannot be used: %s", target, problem)
        except Exception as problem:
            if str(problem) != reported:
                reported = str(problem)
                log.warning("kept the index in use; will try %s again: %s", target or "`current`", problem)
