"""The app on the shared engine, as the in-process tests make it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from assistant.engine import Engine
from assistant.service.app import create_app


def app_on(engine: Engine, **overrides: Any) -> FastAPI:
    """The app on `engine`, with no rate limit (tests make many requests; it has tests of its own)
    and no index watcher, plus any settings given."""
    settings = engine.settings.model_copy(update={"rate_limit": "off", "reload_interval": 0, **overrides})
    return create_app(settings, engine=engine)
