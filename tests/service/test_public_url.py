"""Links and redirects never carry the Host a client claims: they are built on the configured
public URL (`ASSISTANT_PUBLIC_URL`), or relative when there is none."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from assistant.service.middleware.auth import COOKIE
from assistant.settings import Settings
from tests.helpers.apps import app_on

EVIL = {"Host": "evil.example"}
COMPLETION = {"messages": [{"role": "user", "content": "how do I get my money back for coursera plus?"}]}


def urls(completion: dict) -> list[str]:
    return [citation["url"] for citation in completion["citations"]]


def test_without_a_public_url_links_and_redirects_are_relative(engine):
    with TestClient(app_on(engine)) as client:
        completion = client.post("/v1/chat/completions", json=COMPLETION, headers=EVIL).json()
        assert urls(completion) and all(url.startswith("/terms?quote=") for url in urls(completion))
        assert "evil" not in completion["choices"][0]["message"]["content"]
        moved = client.get("/api/search/?q=refund", headers=EVIL, follow_redirects=False)
        assert moved.status_code == 307 and moved.headers["location"] == "/api/search?q=refund"


def test_with_a_public_url_links_and_redirects_are_built_on_it(engine):
    public_url = Settings(public_url="https://help.example.com/").public_url  # the slash goes
    with TestClient(app_on(engine, public_url=public_url)) as client:
        completion = client.post("/v1/chat/completions", json=COMPLETION, headers=EVIL).json()
        url = urls(completion)[0]
        assert url.startswith("https://help.example.com/terms?quote=")
        assert url.endswith("#refund-policy/for-coursera-plus")
        content = completion["choices"][0]["message"]["content"]
        assert url in content
        assert "evil" not in content
        moved = client.get("/api/search/?q=refund", headers=EVIL, follow_redirects=False)
        assert moved.headers["location"] == "https://help.example.com/api/search?q=refund"


def test_the_public_urls_origin_is_the_servers_own_for_the_agent_cookie(engine):
    with TestClient(app_on(engine, public_url="https://help.example.com", agent_token="s3cret")) as client:
        client.cookies.set(COOKIE, "s3cret")
        assert client.post("/admin/reload", headers={"Origin": "https://help.example.com"}).status_code == 200
        assert client.post("/admin/reload", headers={"Origin": "https://evil.example.com"}).status_code == 403


@pytest.mark.parametrize(
    "value", ["help.example.com", "ftp://help.example.com", "https://h.example?x=1", "https://"]
)
def test_a_public_url_that_is_no_base_url_is_refused_by_name(value):
    with pytest.raises(ValidationError, match="public_url"):
        Settings(public_url=value)
