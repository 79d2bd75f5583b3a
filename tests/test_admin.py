"""The index watcher: a build that can't be used is reported once and never stops the server."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from types import SimpleNamespace

import anyio

from assistant import admin


def watch_for(seconds: float, app) -> None:
    """Run the watcher for `seconds`, in a thread of its own: the browser tests' Playwright keeps
    an event loop running in this one."""

    async def main() -> None:
        with anyio.move_on_after(seconds):
            await admin.watch_index(app, 0.01)

    watcher = threading.Thread(target=anyio.run, args=(main,))
    watcher.start()
    watcher.join()


def test_a_broken_build_is_tried_once_until_current_moves(monkeypatch, caplog):
    looks: list[int] = []
    tried: list[int] = []  # at which look a reload was tried

    def current_path(index_dir) -> Path:
        looks.append(1)  # `current` stays on the broken build for 10 looks, then moves on
        return Path("/index/builds/broken" if len(looks) <= 10 else "/index/builds/next")

    def reload_engine(app) -> bool:
        tried.append(len(looks))
        raise RuntimeError("faiss could not read dense.faiss")

    monkeypatch.setattr(admin, "reload_engine", reload_engine)
    monkeypatch.setattr(admin, "current_path", current_path)
    settings = SimpleNamespace(index_dir=Path("/index"))
    app = SimpleNamespace(state=SimpleNamespace(engine=SimpleNamespace(settings=settings)))
    with caplog.at_level(logging.WARNING, logger="assistant.admin"):
        watch_for(0.5, app)
    assert len(looks) > 12  # it kept watching
    assert tried == [1, 11]  # the broken build once, then the next one
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2 and "broken cannot be used: faiss could not read" in warnings[0]
