"""Per-request telemetry: a request id (`X-Request-ID`, in and out), metrics by route, a JSON log line.

A pure ASGI middleware, outermost, so it sees every response (guards' refusals and cached
replies too) and costs a few microseconds: the repeated-question path is measured against a
do-nothing endpoint.
"""

from __future__ import annotations

import logging
import random
import re
import time
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.service.logs import REQUEST_ID
from assistant.service.metrics import Metrics
from assistant.service.route_table import every_route

log = logging.getLogger("assistant.requests")

HEADER = b"x-request-id"
# An id from a proxy or client is kept when it is plainly an id, so logs can be joined up;
# anything else (long, or able to forge a log line) is replaced.
_SANE_ID = re.compile(rb"[A-Za-z0-9._:-]{1,64}")
# Requests that reach no route are counted together: a scanner's paths must not become labels.
UNMATCHED = "unmatched"
# nginx's status for a client that closed the connection before it was answered: the client's
# doing, not a failure of ours (which a 500 would claim) nor a bad request (400).
CLIENT_CLOSED = 499


def _new_id() -> str:
    # To match log lines up, not to keep secrets: a syscall for os.urandom would cost more.
    return f"{random.getrandbits(64):016x}"


class Telemetry:
    """ASGI middleware: request id, metrics by route template, and a log line per request."""

    def __init__(self, app: ASGIApp, metrics: Metrics, access_log: bool = False) -> None:
        self.app = app
        self.metrics = metrics
        self.access_log = access_log
        self._routes: list[Any] | None = None
        self._static: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = None
        for name, value in scope["headers"]:
            if name == HEADER:
                if _SANE_ID.fullmatch(value):
                    request_id = value.decode()
                break
        request_id = request_id or _new_id()
        reset = REQUEST_ID.set(request_id)
        header = (HEADER, request_id.encode())
        status = 0
        left = False
        started = time.perf_counter()

        async def receiving() -> Message:
            nonlocal left
            message = await receive()
            left = left or message["type"] == "http.disconnect"
            return message

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receiving, sending)
        finally:
            if not status:
                # Unanswered: the client left (mid-body, say), or the app failed before it
                # answered and the server answers 500.
                status = CLIENT_CLOSED if left else 500
            seconds = time.perf_counter() - started
            route = self._route(scope)
            self.metrics.observe(route, scope["method"], status, seconds)
            if self.access_log or status >= 400:
                self._log(request_id, scope["method"], route, status, seconds)
            REQUEST_ID.reset(reset)

    def _log(self, request_id: str, method: str, route: str, status: int, seconds: float) -> None:
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        fields = {
            "request_id": request_id,
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        }
        log.log(level, "%s %s %d", method, route, status, extra=fields)

    def _route(self, scope: Scope) -> str:
        """The template of the route that served the request (`/api/clauses/{clause_id}`)."""
        route = scope.get("route")
        if route is not None:
            return _template(route)
        # Answered before routing (a cached reply, a guard's refusal): find the route it was for,
        # by a set look-up for the common case of a path without parameters.
        if self._routes is None:
            self._routes = every_route(scope["app"])
            self._static = {r.path for r in self._routes if "{" not in (r.path or "{")}
        path = scope["path"]
        if path in self._static:
            return path
        for candidate in self._routes:
            if candidate.matches(scope)[0] is not Match.NONE:
                return _template(candidate)
        return UNMATCHED


def _template(route: object) -> str:
    return str(getattr(route, "path_format", None) or getattr(route, "path", UNMATCHED))
