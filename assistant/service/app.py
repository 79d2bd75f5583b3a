"""`create_app(settings)`: the FastAPI application, its error handling and its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from assistant.engine import Engine
from assistant.service.errors import handle_errors
from assistant.service.hot_swap import watch_index
from assistant.service.logs import configure_logging
from assistant.service.metrics import Metrics
from assistant.service.middleware.auth import AgentPageLocked, TokenCookie, make_token
from assistant.service.middleware.guards import Guards
from assistant.service.middleware.reply_cache import CachedReplies, ReplyCache
from assistant.service.middleware.security import SecurityHeaders
from assistant.service.middleware.telemetry import Telemetry
from assistant.service.rate_limit import RateLimit
from assistant.service.routes import (
    admin,
    chat,
    clauses,
    health,
    insights,
    metrics,
    openai,
    pages,
    rules,
    support,
)
from assistant.service.workload import Workload
from assistant.settings import Settings
from assistant.support.writer import Recorder


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The assistant's web application. Its lifespan opens the index (building it if needed)."""
    settings = settings or Settings()

    token, generated = make_token(settings.agent_token)
    measured = Metrics()
    # Made here, opened in the lifespan: the reply cache is handed its `chat_reply` now.
    recorder = Recorder(settings.database, log_messages=settings.log_messages)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = engine or Engine.open(settings)
        app.state.engine.warm_up()
        recorder.open()  # the schema is created or migrated here, before the first request
        if generated:
            # As Jupyter does: the operator needs the generated token to open the console.
            print(f"Agent console: http://{settings.host}:{settings.port}/agent?token={token}", flush=True)
        try:
            async with anyio.create_task_group() as tasks:
                if settings.reload_interval:
                    tasks.start_soon(watch_index, app, settings.reload_interval)
                yield
                tasks.cancel_scope.cancel()
        finally:
            # What was said before shutdown is written before the process goes.
            await anyio.to_thread.run_sync(recorder.close)

    app = FastAPI(
        title="Terms assistant",
        summary="Answers questions from Coursera's terms of use, quoting the clauses it rests on.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.agent_token = token
    app.state.replies = CachedReplies(settings.reply_cache_size)
    app.state.workload = Workload()
    app.state.metrics = measured
    # One limiter for the API and for every attempt at the agent token, wherever it is made.
    app.state.rate_limit = RateLimit.of(settings)
    app.state.recorder = recorder
    measured.watch(app)
    handle_errors(app)
    app.add_exception_handler(AgentPageLocked, pages.locked)
    for routes in (chat, clauses, health, rules, openai, support, insights, admin, metrics, pages):
        app.include_router(routes.router)
    # The last added runs first: telemetry sees every response, then security headers on
    # everything, then the guards, then the cache.
    app.add_middleware(ReplyCache, replies=app.state.replies, on_reply=recorder.chat_reply)
    app.add_middleware(Guards, settings=settings, workload=app.state.workload, rate=app.state.rate_limit)
    app.add_middleware(TokenCookie)
    app.add_middleware(SecurityHeaders, embed_origins=settings.embed_origins, public_url=settings.public_url)
    app.add_middleware(Telemetry, metrics=measured, access_log=settings.access_log)
    return app


def app_from_environment() -> FastAPI:
    """Factory for `uvicorn --factory assistant.service.app:app_from_environment` (settings from ASSISTANT_*).

    It also sets the process's logging to JSON lines (uvicorn has set up its own by then).
    """
    settings = Settings()
    configure_logging(settings.log_level, settings.log_messages)
    return create_app(settings)
