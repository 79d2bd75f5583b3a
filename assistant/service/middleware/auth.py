"""Who may see what: learner routes are public; agent routes need the agent token.

The token comes as `Authorization: Bearer <token>`, or once as `?token=` on a page, which
sets an HttpOnly cookie and redirects to the same page without it (so the token does not sit
in the address bar, the history or a Referer). With no token configured, the server makes
one at start and prints the console's URL with it, as Jupyter does.

Every request that presents a token, wherever it is checked, counts against the client's rate
limit (the API's, shared), so the token can't be guessed faster on the pages than on the API;
and every wrong one is logged, by route and client, never by what was sent.

The cookie is SameSite=Strict, but to a browser a page on another port of the same host, or on
a sibling subdomain, is the same site, and its form posts carry the cookie. So an unsafe request
(not GET, HEAD or OPTIONS) that the cookie authenticates must come from the server's own origin,
as the browser says in Sec-Fetch-Site or, where that is not sent, in Origin; else it gets a 403.
A bearer token is sent by code, never by a browser on its own, and needs no such check.
"""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode, urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import URL
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.service.middleware.guards import refuse
from assistant.service.middleware.security import mark_private
from assistant.service.rate_limit import client_of, too_many

log = logging.getLogger(__name__)

COOKIE = "assistant_agent"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def make_token(configured: str | None) -> tuple[str, bool]:
    """The agent token, and whether it was generated here (and so must be shown to the operator)."""
    if configured:
        return configured, False
    return secrets.token_urlsafe(24), True


def _matches(candidate: str | None, token: str) -> bool:
    return bool(candidate) and secrets.compare_digest(candidate.encode(), token.encode())  # type: ignore[union-attr]


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def presented_token(request: Request) -> str | None:
    return _bearer(request) or request.cookies.get(COOKIE)


def _authority(url: str) -> tuple[str, int | None] | None:
    """`https://Example.com:443` → ("example.com", None): host and port, a scheme's default port as none."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), None if port == _DEFAULT_PORTS.get(parts.scheme) else port


def from_own_pages(request: Request) -> bool:
    """Whether the browser says the request comes from a page of this server's own origin."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")  # none: typed or bookmarked, not sent by a page
    origin = request.headers.get("origin")
    if origin is None:
        return False  # a browser sends Origin with every unsafe request it makes
    ours = {_authority(f"{request.url.scheme}://{request.headers.get('host', '')}")}
    public_url = request.app.state.settings.public_url
    if public_url:
        ours.add(_authority(public_url))
    return _authority(origin) in ours - {None}


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
    (and, when wrong, logged). Whatever the answer, no cache may keep it."""
    mark_private(request.scope)
    token = presented_token(request)
    if token is None:
        return False
    _count_attempt(request)
    if _matches(token, request.app.state.agent_token):
        return True
    _wrong_token(request.scope)
    return False


def require_agent(request: Request) -> None:
    """Dependency for agent routes: 401 unless the request carries the agent token; 403 for an
    unsafe request the cookie carries from a page not of this server."""
    if not _check_agent(request):
        raise HTTPException(
            401,
            "this route is for support agents: send the agent token as `Authorization: Bearer <token>`",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if request.method not in SAFE_METHODS and _bearer(request) is None and not from_own_pages(request):
        raise HTTPException(
            403,
            "refused: an agent action sent with the console's cookie must come from this server's own "
            "pages; from anywhere else, send the agent token as `Authorization: Bearer <token>`",
        )


def require_scraper(request: Request) -> None:
    """Dependency for /metrics: the scraper's token (`metrics_token`) as a bearer header, or the
    agent token; 401 otherwise."""
    scraper = request.app.state.settings.metrics_token
    bearer = _bearer(request)
    if scraper and bearer is not None:
        mark_private(request.scope)
        _count_attempt(request)
        if _matches(bearer, scraper):
            return
    if not _check_agent(request):
        raise HTTPException(
            401,
            "the metrics are for the scraper and support agents: send its token or the agent token "
            "as `Authorization: Bearer <token>`",
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
        response.headers["Cache-Control"] = "no-store"
        await response(scope, receive, send)
