"""Identical requests answered from memory, each reply with an id of its own."""

import dataclasses
import json
import math
from pathlib import Path

from fastapi import Request
from fastapi.testclient import TestClient

from assistant.engine import Engine
from assistant.service.dependencies import get_engine
from assistant.service.middleware.reply_cache import CachedReplies, read_body
from tests.helpers.apps import app_on
from tests.helpers.loops import run_apart

BODY = {"messages": [{"role": "user", "content": "can coursera use my forum posts?"}], "as_of": "2025-03-10"}


def test_a_repeated_request_gets_the_same_reply_with_a_new_id(engine):
    app = app_on(engine)
    with TestClient(app) as client:
        first = client.post("/api/chat", json=BODY)
        hits = app.state.replies.hits
        second = client.post("/api/chat", json=BODY)
        assert app.state.replies.hits == hits + 1
    assert first.status_code == second.status_code == 200
    a, b = first.json(), second.json()
    assert a["id"] != b["id"] and len(b["id"]) == 32
    assert {**a, "id": ""} == {**b, "id": ""}


def test_every_reply_cached_or_not_is_handed_to_the_recorder(engine):
    app = app_on(engine)
    queued: list[tuple] = []
    # Everything the recorder is told goes through `_put`, onto its writer's queue.
    app.state.recorder._put = queued.append
    with TestClient(app) as client:
        client.post("/api/chat", json=BODY)
        client.post("/api/chat", json=BODY)
        assert app.state.replies.hits == 1
    heard = [item[1:3] for item in queued if item[0] == "chat"]
    assert [json.loads(body) for body, _ in heard] == [BODY, BODY]
    assert len({json.loads(reply)["id"] for _, reply in heard}) == 2


def test_a_new_index_build_is_never_answered_from_the_old_ones_replies(engine):
    app = app_on(engine)
    with TestClient(app) as client:
        client.post("/api/chat", json=BODY)
        misses = app.state.replies.misses
        # A hot swap: the same clauses under another build id.
        index = dataclasses.replace(engine.index, path=Path("/elsewhere/another-build"))
        app.state.engine = dataclasses.replace(engine, index=index)
        assert client.post("/api/chat", json=BODY).status_code == 200
        assert app.state.replies.misses == misses + 1


class AnswersNothing:
    def reply(self, *args, **kwargs):
        raise AssertionError("answered by the engine swapped in mid-request")


def test_a_request_is_answered_by_the_engine_whose_build_keys_it(engine):
    app = app_on(engine)
    elsewhere = dataclasses.replace(engine.index, path=Path("/elsewhere/another-build"))
    other = dataclasses.replace(engine, index=elsewhere, chat=AnswersNothing())

    def swapped_meanwhile(request: Request) -> Engine:
        app.state.engine = other  # a hot swap after the cache made its key, before the answer
        return get_engine(request)

    app.dependency_overrides[get_engine] = swapped_meanwhile
    with TestClient(app) as client:
        assert client.post("/api/chat", json=BODY).status_code == 200
        # Back on the first build, the reply kept is the one it made, under its own key.
        del app.dependency_overrides[get_engine]
        app.state.engine = engine
        hits = app.state.replies.hits
        assert client.post("/api/chat", json=BODY).status_code == 200
        assert app.state.replies.hits == hits + 1


def test_errors_are_never_cached(client):
    bad = {"messages": [{"role": "robot", "content": "hi"}]}
    hits = client.app.state.replies.hits
    assert client.post("/api/chat", json=bad).status_code == 422
    assert client.post("/api/chat", json=bad).status_code == 422
    assert client.app.state.replies.hits == hits


def test_the_cache_forgets_the_oldest_first():
    replies = CachedReplies(2)
    for key in (b"a", b"b", b"c"):
        replies.put(key, key)
    assert replies.get(b"a") is None and replies.get(b"c") == b"c"


def read(messages: list[dict], limit: float = math.inf) -> bytes | None:
    """`read_body` over these ASGI messages; asking past the last one raises."""
    pending = iter(messages)

    async def receive():
        return next(pending)

    return run_apart(read_body, receive, limit)


def test_the_body_reader_reads_to_the_end_stops_past_the_limit_and_notices_a_client_leaving():
    part = {"type": "http.request", "body": b"abc", "more_body": True}
    assert read([part, {"type": "http.request", "body": b"de"}]) == b"abcde"
    assert read([part], limit=2) == b"abc"  # past the limit: read no further
    assert read([part, {"type": "http.disconnect"}]) is None
