"""The per-client rate limit: one limiter per app, counting API requests and every attempt on an
agent page that presents a token, so that guessing the token is as slow everywhere."""

from __future__ import annotations

import math
import time

from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import Scope

from assistant.settings import Settings

# Where a request's verdict is kept, so that a request checked twice (by the guards, then by an
# agent route's dependency) is counted once.
_CHECKED = "rate_limit_wait"


class RateLimit:
    """Requests per client (by address), counted in a moving window in memory or a shared store."""

    def __init__(self, spec: str, storage: str) -> None:
        self.items = parse_many(spec)
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage))

    @classmethod
    def of(cls, settings: Settings) -> RateLimit | None:
        """The app's limiter, or None when the limit is off."""
        if settings.rate_limit.lower() == "off":
            return None
        return cls(settings.rate_limit, settings.rate_limit_storage)

    def retry_after(self, client: str) -> int | None:
        """None when the request may go ahead; else seconds until it may."""
        for item in self.items:
            if not self.limiter.hit(item, client):
                reset, _ = self.limiter.get_window_stats(item, client)
                return max(1, math.ceil(reset - time.time()))
        return None

    def check(self, scope: Scope) -> int | None:
        """`retry_after` for the request's client, counted once however often it is asked."""
        state = scope.setdefault("state", {})
        if _CHECKED not in state:
            state[_CHECKED] = self.retry_after(client_of(scope))
        return state[_CHECKED]


def client_of(scope: Scope) -> str:
    """The client's address (the proxy's word for it only when the proxy is trusted)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


def too_many(wait: int) -> str:
    return f"too many requests from this client: try again in {wait} s"
