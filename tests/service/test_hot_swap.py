"""The index watcher: no failure stops it; a build that can't be used is not tried again until
`current` moves, and a failure that may pass is tried again, reported once."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import anyio

from assistant.search.index import IndexCorrupt
from assistant.service import hot_swap
from tests.helpers.loops import run_apart


def watch_for(seconds: float, app) -> None:
    """Run the watcher for `seconds`."""

    async def main() -> None:
        with anyio.move_on_after(seconds):
            await hot_swap.watch_index(app, 0.01)

    run_apart(main)


def watched(monkeypatch, failure: Exception) -> tuple[list[int], list[int]]:
    """Watch for half a second while `current` stays on one build for 10 looks, then moves on, and
    every reload fails with `failure`. Returns the looks, and at which look each reload was tried."""
    looks: list[int] = []
    tried: list[int] = []

    def current_path(index_dir) -> Path:
        looks.append(1)
        return Path("/index/builds/broken" if len(looks) <= 10 else "/index/builds/next")

    def reload_engine(app) -> bool:
        tried.append(len(looks))
        raise failure

    monkeypatch.setattr(hot_swap, "reload_engine", reload_engine)
    monkeypatch.setattr(hot_swap, "current_path", current_path)
    settings = SimpleNamespace(index_dir=Path("/index"))
    watch_for(0.5, SimpleNamespace(state=SimpleNamespace(engine=SimpleNamespace(settings=settings))))
    return looks, tried


def test_a_broken_build_is_tried_once_until_current_moves(monkeypatch, caplog):
    with caplog.at_level(logging.WARNING, logger="assistant.service.hot_swap"):
        looks, tried = watched(monkeypatch, IndexCorrupt("index broken: dense.faiss fails its checksum"))
    assert len(looks) > 12  # it kept watching
    assert tried == [1, 11]  # the broken build once, then the next one
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2 and "broken cannot be used: index broken" in warnings[0]


def test_a_failure_that_may_pass_is_tried_again_and_reported_once(monkeypatch, caplog):
    with caplog.at_level(logging.WARNING, logger="assistant.service.hot_swap"):
        looks, tried = watched(monkeypatch, OSError(24, "Too many open files"))
    # Every look tries again (the last one may be cut short by the end of the watch).
    assert len(looks) > 12 and tried == list(range(1, len(tried) + 1)) and len(tried) >= len(looks) - 1
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1 and "will try /index/builds/broken again" in warnings[0]


def test_a_current_link_that_cannot_be_read_does_not_stop_the_watcher(monkeypatch, caplog):
    looks: list[int] = []

    def current_path(index_dir) -> Path:
        looks.append(1)
        raise RuntimeError("Symlink loop from '/index/current'")

    monkeypatch.setattr(hot_swap, "current_path", current_path)
    settings = SimpleNamespace(index_dir=Path("/index"))
    with caplog.at_level(logging.WARNING, logger="assistant.service.hot_swap"):
        watch_for(0.3, SimpleNamespace(state=SimpleNamespace(engine=SimpleNamespace(settings=settings))))
    assert len(looks) > 5
    assert [record.getMessage() for record in caplog.records] == [
        "kept the index in use; will try `current` again: Symlink loop from '/index/current'"
    ]
