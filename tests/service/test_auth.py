"""The agent token: generated when unset, taken as a Bearer header or once as ?token=, and not to be
guessed any faster on the pages than on the API."""

import logging

import pytest
from fastapi.testclient import TestClient

from assistant.service.app import create_app
from assistant.service.logs import JsonFormatter
from assistant.service.middleware.auth import COOKIE, make_token


def test_a_token_is_generated_only_when_none_is_set():
    token, generated = make_token(None)
    assert generated and len(token) >= 32
    assert make_token("set-by-operator") == ("set-by-operator", False)


def test_the_generated_token_is_printed_with_the_console_url(engine, capsys):
    settings = engine.settings.model_copy(update={"agent_token": None, "reload_interval": 0})
    app = create_app(settings, engine=engine)
    with TestClient(app):
        pass
    out = capsys.readouterr().out
    assert f"/agent?token={app.state.agent_token}" in out


def test_token_in_the_url_becomes_an_http_only_cookie_and_leaves_the_url(engine):
    settings = engine.settings.model_copy(update={"agent_token": "s3cret", "reload_interval": 0})
    with TestClient(create_app(settings, engine=engine)) as client:
        response = client.get("/terms?token=s3cret&x=1", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/terms?x=1"
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=s3cret") and "HttpOnly" in cookie and "SameSite=strict" in cookie
        # With the cookie set, an agent route lets the browser in (from the server's own pages).
        assert client.post("/admin/reload", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
        # A wrong token in the URL is just ignored.
        assert client.get("/terms?token=nope", follow_redirects=False).status_code == 200


def test_agent_routes_refuse_a_missing_or_wrong_token(engine):
    settings = engine.settings.model_copy(update={"agent_token": "s3cret", "reload_interval": 0})
    with TestClient(create_app(settings, engine=engine)) as client:
        assert client.post("/admin/reload").status_code == 401
        assert client.post("/admin/reload", headers={"Authorization": "Bearer wrong"}).status_code == 401
        refused = client.post("/admin/reload", headers={"Authorization": "Basic s3cret"})
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert client.post("/admin/reload", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_guessing_the_token_on_pages_is_limited_like_the_api_and_logged(engine, caplog):
    caplog.set_level(logging.INFO, logger="assistant.service.middleware.auth")
    settings = engine.settings.model_copy(
        update={"agent_token": "s3cret", "reload_interval": 0, "rate_limit": "30/minute"}
    )
    with TestClient(create_app(settings, engine=engine)) as client:
        assert client.get("/terms").status_code == 200  # presenting no token is no attempt
        guesses = [client.get(f"/agent?token=guess-{n}", follow_redirects=False) for n in range(30)]
        assert {response.status_code for response in guesses} == {401}
        refused = client.get("/agent?token=guess-30", follow_redirects=False)
        assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.json()["detail"].startswith("too many requests from this client: try again in")
        # The same limit, whichever way the token comes, and the API's too.
        assert client.get("/agent", headers={"Authorization": "Bearer guess"}).status_code == 429
        client.cookies.set(COOKIE, "guess")
        assert client.get("/agent").status_code == 429
        client.cookies.clear()
        assert client.get("/api/search", params={"q": "refund"}).status_code == 429
    failed = [
        record for record in caplog.records if record.getMessage() == "a wrong agent token was presented"
    ]
    assert len(failed) == 30
    assert {(r.route, r.method, r.client) for r in failed} == {("/agent", "GET", "testclient")}
    ours = [JsonFormatter().format(r) for r in caplog.records if r.name.startswith("assistant")]
    assert ours and not [line for line in ours if "guess" in line]


@pytest.fixture
def agent_client(engine):
    settings = engine.settings.model_copy(update={"agent_token": "s3cret", "reload_interval": 0})
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver:8001"},  # another port of the same host: the same site
        {"Origin": "http://other.testserver"},  # a sibling subdomain
        {"Origin": "null"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},  # the browser's word wins
        {"Sec-Fetch-Site": "cross-site"},
        {},  # neither: no browser sends an unsafe request without saying where from
    ],
    ids=["other-port", "sibling", "null", "same-site", "cross-site", "unsaid"],
)
def test_an_unsafe_request_with_the_cookie_from_another_origin_gets_a_403(agent_client, headers):
    agent_client.cookies.set(COOKIE, "s3cret")
    for path in ("/admin/reload", "/api/tickets/1/close"):
        refused = agent_client.post(path, headers=headers)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["detail"].startswith("refused: an agent action sent with the console's cookie")


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {"Origin": "http://testserver"}],
    ids=["same-origin", "typed", "own-origin"],
)
def test_an_unsafe_request_with_the_cookie_from_the_servers_own_pages_goes_through(agent_client, headers):
    agent_client.cookies.set(COOKIE, "s3cret")
    assert agent_client.post("/admin/reload", headers=headers).status_code == 200


def test_the_bearer_token_and_safe_requests_need_no_origin(agent_client):
    bearer = {
        "Authorization": "Bearer s3cret",
        "Origin": "http://evil.example",
        "Sec-Fetch-Site": "cross-site",
    }
    assert agent_client.post("/admin/reload", headers=bearer).status_code == 200
    agent_client.cookies.set(COOKIE, "s3cret")
    assert agent_client.get("/api/tickets", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
