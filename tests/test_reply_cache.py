"""Identical requests answered from memory, each reply with an id of its own."""

from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.reply_cache import CachedReplies


def test_a_repeated_request_gets_the_same_reply_with_a_new_id(engine):
    heard: list[tuple[bytes, bytes]] = []
    settings = engine.settings.model_copy(update={"rate_limit": "off", "reload_interval": 0})
    app = create_app(settings, engine=engine)
    with TestClient(app) as client:
        from assistant import reply_cache

        body = {
            "messages": [{"role": "user", "content": "can coursera use my forum posts?"}],
            "as_of": "2025-03-10",
        }
        first = client.post("/api/chat", json=body)
        hits = app.state.replies.hits
        second = client.post("/api/chat", json=body)
        assert app.state.replies.hits == hits + 1
        assert first.status_code == second.status_code == 200
        a, b = first.json(), second.json()
        assert a["id"] != b["id"] and len(b["id"]) == 32
        assert {**a, "id": ""} == {**b, "id": ""}
        assert reply_cache.PATH == "/api/chat" and not heard


def test_errors_are_never_cached(client):
    bad = {"messages": [{"role": "robot", "content": "hi"}]}
    assert client.post("/api/chat", json=bad).status_code == 422
    assert client.post("/api/chat", json=bad).status_code == 422


def test_the_cache_forgets_the_oldest_first():
    replies = CachedReplies(2)
    for key in (b"a", b"b", b"c"):
        replies.put(key, key)
    assert replies.get(b"a") is None and replies.get(b"c") == b"c"
    replies.clear()
    assert replies.get(b"c") is None
