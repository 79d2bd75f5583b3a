"""`create_app(settings)`: the FastAPI application, its error handling and its lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import admin, api, web
from assistant.admin import watch_index
from assistant.auth import TokenCookie, make_token
from assistant.engine import Engine
from assistant.guards import Guards
from assistant.reply_cache import CachedReplies, ReplyCache
from assistant.security import SecurityHeaders
from assistant.settings import Settings

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
    return JSONResponse({"detail": detail, "errors": problems}, status_code=422)


def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    # Log the traceback for us; the client gets a sentence, never the stack.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(
        {"detail": "internal error: the assistant could not answer this request"}, status_code=500
    )


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The assistant's web application. Its lifespan opens the index (building it if needed)."""
    settings = settings or Settings()

    token, generated = make_token(settings.agent_token)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = engine or Engine.open(settings)
        app.state.engine.warm_up()
        if generated:
            # As Jupyter does: the operator needs the generated token to open the console.
            print(f"Agent console: http://{settings.host}:{settings.port}/agent?token={token}", flush=True)
        async with anyio.create_task_group() as tasks:
            if settings.reload_interval:
                tasks.start_soon(watch_index, app, settings.reload_interval)
            yield
            tasks.cancel_scope.cancel()

    app = FastAPI(
        title="Terms assistant",
        summary="Answers questions from Coursera's terms of use, quoting the clauses it rests on.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.agent_token = token
    app.state.replies = CachedReplies(settings.reply_cache_size)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.include_router(api.router)
    app.include_router(admin.router)
    app.include_router(web.router)
    # The last added runs first: security headers on everything, then the guards, then the cache.
    app.add_middleware(ReplyCache, replies=app.state.replies)
    app.add_middleware(Guards, settings=settings)
    app.add_middleware(TokenCookie)
    app.add_middleware(SecurityHeaders, embed_origins=settings.embed_origins)
    return app


def app_from_environment() -> FastAPI:
    """Factory for `uvicorn --factory assistant.app:app_from_environment` (settings from ASSISTANT_*)."""
    return create_app(Settings())
