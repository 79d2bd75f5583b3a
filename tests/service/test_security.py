"""Security headers: CSP without inline script, frame-ancestors from `embed_origins`, and friends."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from assistant.service.app import create_app
from assistant.service.middleware.security import content_security_policy, parse_origins
from assistant.settings import Settings

PAGES = ["/", "/widget", "/widget.js", "/agent", "/terms", "/static/css/base.css", "/healthz"]


def directives(header: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in pairs}


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_headers(client, path):
    # The agent console is for agents only: it is asked for with the token.
    response = client.get(path, headers={"Authorization": f"Bearer {client.app.state.agent_token}"})
    assert response.status_code == 200
    policy = directives(response.headers["content-security-policy"])
    assert policy["script-src"] == "'self'"  # no inline script, no eval, no CDN
    assert policy["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/agent", "/terms", "/api/search?q=refund"])
def test_pages_other_than_the_widget_can_be_framed_only_by_themselves(client, path):
    response = client.get(path)
    assert directives(response.headers["content-security-policy"])["frame-ancestors"] == "'self'"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


def test_the_widget_can_be_framed_anywhere_by_default(client):
    response = client.get("/widget")
    assert directives(response.headers["content-security-policy"])["frame-ancestors"] == "*"
    assert "x-frame-options" not in response.headers


def test_embed_origins_setting_restricts_who_frames_the_widget(engine):
    settings = Settings(
        embed_origins="https://learn.example.com, https://help.example.org/ http://localhost:3000"
    )
    with TestClient(create_app(settings, engine=engine)) as client:
        widget = directives(client.get("/widget").headers["content-security-policy"])
        page = directives(client.get("/").headers["content-security-policy"])
    assert (
        widget["frame-ancestors"]
        == "https://learn.example.com https://help.example.org http://localhost:3000"
    )
    assert page["frame-ancestors"] == "'self'"


def test_json_errors_and_streams_carry_the_headers_too(client):
    missing = client.get("/api/clauses/no-such-clause")
    assert missing.status_code == 404
    assert "content-security-policy" in missing.headers
    stream = client.post("/api/chat/stream", json={"messages": [{"role": "user", "content": "refund"}]})
    assert stream.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "value",
    [
        "https://a.example; script-src *",
        "https://a.example/path",
        "'unsafe-inline'",
        "",
        "javascript:alert(1) x",
    ],
)
def test_a_bad_embed_origin_is_refused_by_name(value):
    with pytest.raises(ValueError, match="embed_origins"):
        parse_origins(value)


def test_origins_are_split_on_commas_and_spaces():
    assert parse_origins(" https://a.example,https://b.example  'self' ") == (
        "https://a.example",
        "https://b.example",
        "'self'",
    )
    assert parse_origins("*") == ("*",)


def test_the_docs_pages_get_their_own_policy():
    docs = directives(content_security_policy("/docs", ("*",)))
    assert "cdn.jsdelivr.net" in docs["script-src"]
    assert docs["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in content_security_policy("/", ("*",))


def test_settings_refuse_a_bad_embed_origin_at_start_up():
    with pytest.raises(ValidationError, match="embed_origins"):
        Settings(embed_origins="https://a.example; script-src *")
