"""The app's routes seen whole: those of the routers it includes too, and what a path allows."""

from __future__ import annotations

from typing import Any

from starlette.routing import Match
from starlette.types import Scope


def every_route(app: Any) -> list[Any]:
    """Every route of the app, with those of the routers it includes (which recent FastAPI keeps
    whole in `app.routes`)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # an older FastAPI: app.routes is flat already
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def allowed_methods(app: Any, scope: Scope) -> list[str]:
    """Every method some route takes at the request's path, for a 405's `Allow` header
    (Starlette's names only the first route's: GET and POST /api/feedback are two routes)."""
    methods: set[str] = set()
    for route in every_route(app):
        if route.matches(scope)[0] is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)
