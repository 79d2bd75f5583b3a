"""`create_app(settings)`: the FastAPI application, its error handling and its lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import admin, api, metrics, openai_api, support, web
from assistant.admin import watch_index
from assistant.auth import AgentPageLocked, TokenCookie, make_token
from assistant.engine import Engine
from assistant.errors import error_body
from assistant.guards import Guards
from assistant.logs import configure_logging
from assistant.metrics import Metrics
from assistant.recorder import Recorder
from assistant.reply_cache import CachedReplies, ReplyCache
from assistant.routes import allowed_methods
from assistant.security import SecurityHeaders
from assistant.settings import Settings
from assistant.telemetry import Telemetry
from assistant.work import Workload

log = logging.getLogger(__name__)


def _field(location: tuple) -> str:
    """`("body", "messages", 0, "content")` → `messages.0.content`."""
    parts = [str(part) for part in location if part not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors():
        message = str(item.get("msg", "is invalid")).removeprefix("Value error, ")
        if item.get("type") == "json_invalid":
            message = "is not valid JSON"
        problems.append({"field": _field(tuple(item.get("loc", ()))), "message": message})
    detail = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    return JSONResponse(error_body(request.url.path, 422, detail, problems), status_code=422)


def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    body = error_body(request.url.path, error.status_code, error.detail)
    headers = error.headers
    if error.status_code == 405:
        headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request.app, request.scope))}
    return JSONResponse(body, status_code=error.status_code, headers=headers)


def _storage_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("the database failed on %s %s", request.method, request.url.path)
    detail = "the assistant's records are unavailable just now: try again in a minute"
    return JSONResponse(
        error_body(request.url.path, 503, detail), status_code=503, headers={"Retry-After": "30"}
    )


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    # Log the traceback for us; the client gets a sentence, never the stack.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    detail = "internal error: the assistant could not answer this request"
    return JSONResponse(error_body(request.url.path, 500, detail), status_code=500)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The assistant's web application. Its lifespan opens the index (building it if needed)."""
    settings = settings or Settings()

    token, generated = make_token(settings.agent_token)
    measured = Metrics()
    # Made here, opened in the lifespan: the reply cache is handed its `chat_reply` now.
    recorder = Recorder(settings.database, measured, log_messages=settings.log_messages)

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
    app.state.recorder = recorder
    measured.watch(app)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(AgentPageLocked, web.locked)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(SQLAlchemyError, _storage_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.include_router(api.router)
    app.include_router(openai_api.router)
    app.include_router(support.router)
    app.include_router(admin.router)
    app.include_router(metrics.router)
    app.include_router(web.router)
    # The last added runs first: telemetry sees every response, then security headers on
    # everything, then the guards, then the cache.
    app.add_middleware(ReplyCache, replies=app.state.replies, on_reply=recorder.chat_reply)
    app.add_middleware(Guards, settings=settings, workload=app.state.workload)
    app.add_middleware(TokenCookie)
    app.add_middleware(SecurityHeaders, embed_origins=settings.embed_origins)
    app.add_middleware(Telemetry, metrics=measured, access_log=settings.access_log)
    return app


def app_from_environment() -> FastAPI:
    """Factory for `uvicorn --factory assistant.app:app_from_environment` (settings from ASSISTANT_*).

    It also sets the process's logging to JSON lines (uvicorn has set up its own by then).
    """
    settings = Settings()
    configure_logging(settings.log_level, settings.log_messages)
    return create_app(settings)
