"""Every error as JSON: a sentence that says what happened, and on the OpenAI-compatible routes
(`/v1/`) also OpenAI's `{"error": {...}}`, which its clients read. The handlers here turn every
exception a request can raise into such a body; none lets a stack trace out."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.models import problem_text
from assistant.service.route_table import allowed_methods
from assistant.support.failures import database_reason

log = logging.getLogger(__name__)

OPENAI_PREFIX = "/v1/"


def error_body(
    path: str, status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    if not path.startswith(OPENAI_PREFIX):
        return body
    kind = {401: "authentication_error", 404: "not_found_error", 429: "rate_limit_error"}.get(
        status, "invalid_request_error" if status < 500 else "server_error"
    )
    param = errors[0].get("field") if errors else None
    return {**body, "error": {"message": detail, "type": kind, "param": param, "code": None}}


def _field(location: tuple) -> str:
    """`("body", "messages", 0, "content")` → `messages.0.content`."""
    parts = [str(part) for part in location if part not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors():
        message = problem_text(item)
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
    # A handler runs outside the `except` that caught the error: it is passed on by hand, or the
    # log says "NoneType: None". The reason holds no learner's words (see database_reason).
    reason = database_reason(error) or type(error).__name__
    log.error("the database failed on %s %s: %s", request.method, request.url.path, reason, exc_info=error)
    detail = "the assistant's records are unavailable just now: try again in a minute"
    return JSONResponse(
        error_body(request.url.path, 503, detail), status_code=503, headers={"Retry-After": "30"}
    )


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    # Log the traceback for us; the client gets a sentence, never the stack.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    detail = "internal error: the assistant could not answer this request"
    return JSONResponse(error_body(request.url.path, 500, detail), status_code=500)


def handle_errors(app: FastAPI) -> None:
    """Install the handlers: validation (422), HTTP errors, the database (503), anything else (500)."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(SQLAlchemyError, _storage_error)
    app.add_exception_handler(Exception, _unexpected_error)
