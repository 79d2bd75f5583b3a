"""Who may see what: learner routes are public; agent routes need the agent token.

The token comes as `Authorization: Bearer <token>`, or once as `?token=` on a page, which
sets an HttpOnly cookie and redirects to the same page without it (so the token does not sit
in the address bar, the history or a Referer). With no token configured, the server makes
one at start and prints the console's URL with it, as Jupyter does.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from starlette.datastructures import URL
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

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


def is_agent(request: Request) -> bool:
    return _matches(presented_token(request), request.app.state.agent_token)


def require_agent(request: Request) -> None:
    """Dependency for agent routes: 401 unless the request carries the agent token."""
    if not is_agent(request):
        raise HTTPException(
            401,
            "this route is for support agents: send the agent token as `Authorization: Bearer <token>`",
            headers={"WWW-Authenticate": "Bearer"},
        )


class AgentPageLocked(HTTPException):
    """An agent page asked for without the token: answered with a page saying how to get in."""


def require_agent_page(request: Request) -> None:
    """Dependency for agent pages: 401, as a page rather than JSON, unless the token comes too."""
    if not is_agent(request):
        raise AgentPageLocked(401, "this page is for support agents", headers={"WWW-Authenticate": "Bearer"})


class TokenCookie:
    """ASGI middleware: `GET /page?token=<right token>` sets the cookie and drops the token from the URL."""

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
        if not _matches(token, scope["app"].state.agent_token):
            await self.app(scope, receive, send)
            return
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = URL(scope=scope).replace(query=urlencode(rest))
        response = RedirectResponse(
            str(target.path) + (f"?{target.query}" if target.query else ""), status_code=303
        )
        response.set_cookie(COOKIE, token or "", httponly=True, samesite="strict", path="/")
        await response(scope, receive, send)
