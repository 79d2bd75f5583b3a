"""Who may see what: every agent-only route refuses a missing or wrong token and takes the right one."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from assistant.service.app import create_app
from assistant.service.middleware.auth import COOKIE, require_agent, require_agent_page, require_scraper
from assistant.service.route_table import every_route
from assistant.settings import Settings
from tests.helpers.apps import app_on

TOKEN = "the-agent-token"
GUARDS = {require_agent, require_agent_page, require_scraper}
# The support team's side of the app. A route added here without the guard, or a guard taken
# off one of these, fails the first test.
AGENT_ROUTES = {
    ("GET", "/agent"),
    ("GET", "/api/feedback"),
    ("GET", "/api/tickets"),
    ("POST", "/api/tickets/{ticket_id}/close"),
    ("GET", "/api/gaps"),
    ("GET", "/api/insights"),
    ("GET", "/api/insights.csv"),
    ("GET", "/agent/insights"),
    ("GET", "/agent/replies"),
    ("POST", "/admin/reload"),
    ("GET", "/metrics"),  # the scraper's token opens it too
}


def guarded(route: APIRoute) -> bool:
    def needs(dependant) -> bool:
        return any(d.call in GUARDS or needs(d) for d in dependant.dependencies)

    return needs(route.dependant)


def routes_of(app, only_guarded: bool = True) -> set[tuple[str, str]]:
    """(method, path) of every route (those of the included routers too), or of the guarded ones."""
    found = set()
    for route in every_route(app):
        original = getattr(route, "original_route", route)
        if isinstance(original, APIRoute) and (guarded(original) or not only_guarded):
            found |= {(method, original.path_format) for method in original.methods or ()}
    return found


GUARDED = sorted(routes_of(create_app(Settings(agent_token=TOKEN))))


def test_the_agent_routes_are_exactly_the_support_teams():
    app = create_app(Settings(agent_token=TOKEN))
    assert set(GUARDED) == AGENT_ROUTES
    # Whatever is added under /admin/ is for agents, by its path.
    assert {r for r in routes_of(app, only_guarded=False) if r[1].startswith("/admin/")} <= AGENT_ROUTES


@pytest.fixture(scope="module")
def client(engine, tmp_path_factory):
    app = app_on(engine, agent_token=TOKEN, data_dir=tmp_path_factory.mktemp("agent-routes"))
    with TestClient(app) as test_client:
        yield test_client


def call(client: TestClient, method: str, path: str, **options):
    url = re.sub(r"\{[^}]+\}", "1", path)
    return client.request(method, url, follow_redirects=False, **options)


@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_an_agent_route_refuses_a_missing_or_wrong_token(client, method, path):
    client.cookies.clear()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = call(client, method, path, headers=headers)
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
        assert TOKEN not in response.text
    client.cookies.set(COOKIE, "wrong")
    try:
        assert call(client, method, path).status_code == 401
    finally:
        client.cookies.clear()


@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_an_agent_route_takes_the_right_token_as_a_header_or_the_cookie(client, method, path):
    client.cookies.clear()
    response = call(client, method, path, headers={"Authorization": f"Bearer {TOKEN}"})
    # Ticket 1 may not exist (404); what matters is that the token got the request in.
    assert response.status_code in (200, 404), response.text
    client.cookies.set(COOKIE, TOKEN)
    try:
        # As the console's own pages send it (a browser says where a request comes from).
        own = {"Origin": "http://testserver"}
        assert call(client, method, path, headers=own).status_code == response.status_code
    finally:
        client.cookies.clear()


def test_the_console_without_the_token_is_a_page_that_says_how_to_get_in(client):
    client.cookies.clear()
    response = client.get("/agent")
    assert response.status_code == 401 and response.headers["content-type"].startswith("text/html")
    assert "This page is for support agents" in response.text and "/agent?token=" in response.text
    # The token once in the URL sets the cookie, and the console opens.
    opened = client.get(f"/agent?token={TOKEN}")
    assert opened.status_code == 200 and "data-tickets" in opened.text
    client.cookies.clear()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/chat"),
        ("POST", "/api/feedback"),
        ("POST", "/api/handoff"),
        ("GET", "/v1/models"),
        ("GET", "/"),
    ],
)
def test_learner_routes_need_no_token(client, method, path):
    client.cookies.clear()
    assert call(client, method, path, json={}).status_code != 401


@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_what_agents_see_is_never_kept_by_a_cache(client, method, path):
    client.cookies.clear()
    answered = call(client, method, path, headers={"Authorization": f"Bearer {TOKEN}"})
    refused = call(client, method, path)
    for response in (answered, refused):
        assert response.headers["cache-control"] == "no-store", (response.status_code, path)


def test_the_token_in_the_url_is_swapped_for_the_cookie_uncached_and_learner_pages_stay_cacheable(client):
    client.cookies.clear()
    swapped = client.get(f"/agent?token={TOKEN}", follow_redirects=False)
    assert swapped.status_code == 303 and swapped.headers["cache-control"] == "no-store"
    client.cookies.clear()
    for path in ("/", "/terms", "/api/search?q=refund", "/healthz"):
        assert "no-store" not in client.get(path).headers.get("cache-control", ""), path
