"""Who may see what: learner routes are public; agent routes need the agent token.

The token comes as `Authorization: Bearer <token>`, or once as `?token=` on a page, which
sets an HttpOnly cookie and redirects to the same page without it (so the token does not sit
in the address bar, the history or a Referer). With no token configured, the server makes
one at start and prints the console's URL with it, as Jupyter does.

Every request that presents a token, wherever it is checked, counts against the client's rate
limit (the API's, shared), so the token can't be guessed faster on the pages than on the API;
and every wrong one is logged, by route and client, never by what was sent.
"""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from starlette.datastructures import URL
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.service.middleware.guards import refuse
from assistant.service.rate_limit import client_of, too_many

log = logging.getLogger(__name__)

COOKIE = "assistant_agent"


def make_token(configured: str | None) -> tuple[str, bool]:
    """The agent token, and whether it was generated here (and so must be shown to the operator)."""
    if configured:
        return configured, False
    return secrets.token_urlsafe(24), True


def _matches(candidate: str | None, token: str) -> bool:
    return bool(candidate) and secrets.compare_digest(candidate.encode(), token.encode())  # type: ignore[union-attr]


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.cookies.get(COOKIE)


def _route(scope: Scope) -> str:
    route = scope.get("route")
    return str(getattr(route, "path_format", None) or scope["path"])


def _wrong_token(scope: Scope) -> None:
    log.warning(
        "a wrong agent token was presented",
        extra={"route": _route(scope), "method": scope["method"], "client": client_of(scope)},
    )


def _count_attempt(request: Request) -> None:
    """A request presenting a token counts against its client's rate limit: 429 past it."""
    rate = request.app.state.rate_limit
    wait = rate.check(request.scope) if rate is not None else None
    if wait is not None:
        raise HTTPException(429, too_many(wait), headers={"Retry-After": str(wait)})


def _check_agent(request: Request) -> bool:
    """Whether the request carries the agent token; an attempt that presents one is counted
    (and, when wrong, logged)."""
    token = presented_token(request)
    if token is None:
        return False
    _count_attempt(request)
    if _matches(token, request.app.state.agent_token):
        return True
    _wrong_token(request.scope)
    return False


def require_agent(request: Request) -> None:
    """Dependency for agent routes: 401 unless the request carries the agent token."""
    if not _check_agent(request):
        raise HTTPException(
            401,
            "this route is for support agents: send the agent token as `Authorization: Bearer <token>`",
            headers={"WWW-Authenticate": "Bearer"},
        )


class AgentPageLocked(HTTPException):
    """An agent page asked for without the token: answered with a page saying how to get in."""


def require_agent_page(request: Request) -> None:
    """Dependency for agent pages: 401, as a page rather than JSON, unless the token comes too."""
    if not _check_agent(request):
        raise AgentPageLocked(401, "this page is for support agents", headers={"WWW-Authenticate": "Bearer"})


class TokenCookie:
    """ASGI middleware: `GET /page?token=<right token>` sets the cookie and drops the token from the URL.

    A wrong token in the URL is counted and logged, and the request goes on as if it had none.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or b"token=" not in scope.get("query_string", b"")
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = request.query_params.get("token")
        if token is None:
            await self.app(scope, receive, send)
            return
        rate = scope["app"].state.rate_limit
        wait = rate.check(scope) if rate is not None else None
        if wait is not None:
            await refuse(scope, send, 429, too_many(wait), {"Retry-After": str(wait)})
            return
        if not _matches(token, scope["app"].state.agent_token):
            _wrong_token(scope)
            await self.app(scope, receive, send)
            return
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = URL(scope=scope).replace(query=urlencode(rest))
        response = RedirectResponse(
            str(target.path) + (f"?{target.query}" if target.query else ""), status_code=303
        )
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
        await response(scope, receive, send)
