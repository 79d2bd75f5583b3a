"""Request bodies decoded once, for the answer and the recorder alike: JSON in UTF-8 with a byte
order mark, or in UTF-16 or UTF-32, is answered and recorded; a body that is no text is a 400."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.service.middleware.body import as_utf8
from tests.helpers.apps import app_on

REQUEST = {"messages": [{"role": "user", "content": "Puis-je partager mon compte ? can I share my account?"}]}
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(engine, tmp_path_factory):
    with TestClient(app_on(engine, data_dir=tmp_path_factory.mktemp("bodies"))) as test_client:
        yield test_client


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_body_in_another_unicode_form_is_answered_and_recorded(client, encoding):
    body = json.dumps(REQUEST, ensure_ascii=False).encode(encoding)
    # Twice: the second is answered from the reply cache, and recorded all the same.
    for _ in range(2):
        reply = client.post("/api/chat", content=body, headers=JSON)
        assert reply.status_code == 200, reply.text
        rated = client.post("/api/feedback", json={"reply_id": reply.json()["id"], "rating": "up"})
        assert rated.status_code == 201, rated.text


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"messages": "\xff"}', "the request body is not UTF-8 text (invalid start byte at byte 14)"),
        (b"\xff\xfe{\x00\x00\xd8", "the request body is not UTF-16 text (unexpected end of data at byte 4)"),
    ],
    ids=["bad-utf-8", "bad-utf-16"],
)
def test_a_body_that_is_no_text_gets_a_400_saying_so(client, body, detail):
    for path in ("/api/chat", "/api/chat/stream", "/v1/chat/completions"):
        response = client.post(path, content=body, headers=JSON)
        assert response.status_code == 400
        assert response.json()["detail"] == f"{detail}: send JSON in UTF-8"


def test_utf_8_is_handed_on_as_it_came():
    body = json.dumps(REQUEST).encode()
    assert as_utf8(body) is body
