"""Guards in front of the API: body size (413), per-client rate (429), requests in flight (503),
a deadline for the body to arrive (408) and one for the answer (503). Each refusal is JSON that
says what happened and, where waiting helps, when to come back (`Retry-After`).

One pure ASGI middleware rather than several `BaseHTTPMiddleware`s: it sits on every request,
so it must cost next to nothing.
"""

from __future__ import annotations

import json

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.service.errors import error_body
from assistant.service.middleware.body import as_utf8, read_body, replay
from assistant.service.rate_limit import RateLimit, too_many
from assistant.service.workload import Workload
from assistant.settings import Settings

MAX_BODY_BYTES = 64 * 1024
# Only these paths do real work; pages, static files and health checks pass straight through.
GUARDED = ("/api/", "/v1/", "/admin/")


def _too_large() -> str:
    return f"the request body is over {MAX_BODY_BYTES // 1024} KiB"


async def refuse(
    scope: Scope, send: Send, status: int, detail: str, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps(error_body(scope["path"], status, detail)).encode()
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    head += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


class Guards:
    """ASGI middleware applying the guards to API requests."""

    def __init__(
        self,
        app: ASGIApp,
        settings: Settings,
        workload: Workload | None = None,
        rate: RateLimit | None = None,
    ) -> None:
        self.app = app
        self.rate = rate  # the app's one limiter, shared with the agent token's checks
        self.workload = workload or Workload()
        self.timeout = settings.request_timeout
        self.body_timeout = settings.body_timeout
        self.max_in_flight = settings.max_in_flight
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(GUARDED):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await refuse(scope, send, 413, _too_large())
            return
        if self.rate is not None:
            wait = self.rate.check(scope)
            if wait is not None:
                await refuse(scope, send, 429, too_many(wait), {"Retry-After": str(wait)})
                return
        # Threads still answering requests that gave up count against the bound too.
        if self.in_flight + self.workload.abandoned >= self.max_in_flight:
            detail = "the assistant is busy answering other questions: try again in a second"
            await refuse(scope, send, 503, detail, {"Retry-After": "1"})
            return
        if (length is not None and length != b"0") or b"transfer-encoding" in headers:
            # Every body is read here, chunked or not, within its own deadline and the size
            # limit, decoded once for the app and the recorder alike, and handed on: a stalled
            # body gets a 408, whoever would have read it.
            replayed = await self._read_body(scope, receive, send)
            if replayed is None:
                return
            receive = replayed
        self.in_flight += 1
        try:
            await self._within_deadline(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _read_body(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """A `receive` handing on the body read in full; None when the request has been refused
        or the client has left (then there is no one to answer)."""
        try:
            with anyio.fail_after(self.body_timeout):
                body = await read_body(receive, MAX_BODY_BYTES)
        except TimeoutError:
            detail = f"the request body did not arrive within {self.body_timeout:g} s"
            # What is left of the body may still come: the connection is not reused.
            await refuse(scope, send, 408, detail, {"Connection": "close"})
            return None
        if body is None:
            return None
        if len(body) > MAX_BODY_BYTES:
            await refuse(scope, send, 413, _too_large())
            return None
        try:
            text = as_utf8(body)
        except ValueError as error:
            await refuse(scope, send, 400, str(error))
            return None
        if text is not body:  # transcoded: the length the app is told must be the new one
            headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
            scope["headers"] = [*headers, (b"content-length", str(len(text)).encode())]
        return replay(text, receive)

    async def _within_deadline(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        with anyio.move_on_after(self.timeout) as deadline:
            await self.app(scope, receive, tracking)
        if deadline.cancelled_caught and not started:
            detail = f"no answer within {self.timeout:g} s: the assistant is overloaded, try again"
            await refuse(scope, send, 503, detail, {"Retry-After": "2"})
