"""Security headers on every response: a Content-Security-Policy with no inline script, and friends;
`Cache-Control: no-store` on what is for agents only (emails, transcripts, the metrics); and
redirects that never send a client to the Host it claimed, only to the configured public URL or
a path on this server."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.settings import parse_origins

# Set in a request's state by the agent token's checks: no cache, the browser's or a proxy's,
# may keep what the response holds.
PRIVATE = "private"


def mark_private(scope: Scope) -> None:
    scope.setdefault("state", {})[PRIVATE] = True


# The one page meant to be framed by other sites; everything else may be framed only by itself.
EMBEDDABLE_PATHS = frozenset({"/widget"})

# Our pages load scripts, styles and fonts from /static only, and talk to our own API.
PAGE_POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)

# FastAPI's /docs and /redoc pages are built from a CDN with an inline bootstrap script, so they
# get their own, wider policy rather than widening the one every page of ours runs under.
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
DOCS_POLICY = (
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
    "img-src 'self' data: https://fastapi.tiangolo.com",
    "object-src 'none'",
    "base-uri 'none'",
)


def content_security_policy(path: str, embed_origins: tuple[str, ...]) -> str:
    """The policy for a response to `path`."""
    if path in DOCS_PATHS:
        return "; ".join((*DOCS_POLICY, "frame-ancestors 'self'"))
    ancestors = " ".join(embed_origins) if path in EMBEDDABLE_PATHS else "'self'"
    return "; ".join((*PAGE_POLICY, f"frame-ancestors {ancestors}"))


def own_location(location: str, public_url: str) -> str:
    """A redirect's target on this server: Starlette writes the request's Host into the ones it
    makes (`/api/search/` → `http://<Host>/api/search`), and the Host is the client's to choose."""
    parts = urlsplit(location)
    if not parts.netloc:
        return location
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{public_url}{parts.path or '/'}{query}{fragment}"


class SecurityHeaders:
    """ASGI middleware adding the headers as the response starts (so streamed replies get them too)."""

    def __init__(self, app: ASGIApp, embed_origins: str = "*", public_url: str | None = None) -> None:
        self.app = app
        self.embed_origins = parse_origins(embed_origins)
        self.public_url = public_url or ""
        # A policy depends only on which kind of path it is for: the few strings are made once.
        self._policies = {
            path: content_security_policy(path, self.embed_origins) for path in DOCS_PATHS | EMBEDDABLE_PATHS
        }
        self._page_policy = content_security_policy("/", self.embed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", self._policies.get(path, self._page_policy))
                headers.setdefault("X-Content-Type-Options", "nosniff")
                # The pages link only to themselves; other sites learn nothing of where a learner was.
                headers.setdefault("Referrer-Policy", "same-origin")
                if path not in EMBEDDABLE_PATHS:
                    # For browsers that predate frame-ancestors.
                    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
                if scope.get("state", {}).get(PRIVATE):
                    headers["Cache-Control"] = "no-store"
                location = headers.get("location")
                if location is not None:
                    headers["Location"] = own_location(location, self.public_url)
            await send(message)

        await self.app(scope, receive, send_with_headers)
