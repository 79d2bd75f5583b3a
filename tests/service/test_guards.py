"""The guards in front of the API: 408, 413, 422, 429 and 503, each with a JSON body that says why."""

import json
import threading
import time

import anyio
import pytest
from fastapi.testclient import TestClient

from assistant.service.middleware.guards import MAX_BODY_BYTES, Guards
from tests.helpers.apps import app_on
from tests.helpers.loops import run_apart


def app_client(engine, **settings):
    return TestClient(app_on(engine, **settings))


def question(text="can my brother use my login?"):
    return {"messages": [{"role": "user", "content": text}], "as_of": "2025-03-10"}


def test_a_body_over_64_kib_gets_a_413(client):
    body = b'{"messages": [{"role": "user", "content": "' + b"x" * MAX_BODY_BYTES + b'"}]}'
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"detail": "the request body is over 64 KiB"}


def test_a_chunked_body_over_64_kib_gets_a_413(client):
    def chunks():
        yield b'{"messages": [{"role": "user", "content": "'
        for _ in range(MAX_BODY_BYTES // 1024 + 1):
            yield b"x" * 1024
        yield b'"}]}'

    response = client.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"] == "the request body is over 64 KiB"


def test_more_than_50_messages_gets_a_422(client):
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": "hi"} for i in range(51)]
    response = client.post("/api/chat", json={"messages": turns})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("messages: List should have at most 50 items")


def test_the_rate_limit_answers_429_with_retry_after(engine):
    with app_client(engine, rate_limit="3/minute") as limited:
        statuses = [limited.post("/api/chat", json=question()).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = limited.post("/api/chat", json=question())
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.json()["detail"].startswith("too many requests from this client: try again in")
        # Pages are not counted against the API's limit.
        assert limited.get("/healthz").status_code == 200


def test_a_bad_rate_limit_setting_is_refused_by_name(engine):
    with pytest.raises(ValueError, match="rate_limit"):
        engine.settings.model_validate({"rate_limit": "lots"})


def test_past_the_bound_in_flight_requests_get_a_503(engine, monkeypatch):
    gate = threading.Event()
    slow = engine.chat.reply

    def held(*args, **kwargs):
        gate.wait(10)
        return slow(*args, **kwargs)

    with app_client(engine, max_in_flight=2, reply_cache_size=0) as bounded:
        monkeypatch.setattr(engine.chat, "reply", held)
        results: list[int] = []
        workers = [
            threading.Thread(
                target=lambda n=n: results.append(
                    bounded.post("/api/chat", json=question(f"q {n}")).status_code
                )
            )
            for n in range(2)
        ]
        for worker in workers:
            worker.start()
        time.sleep(0.5)
        refused = bounded.post("/api/chat", json=question("one more"))
        gate.set()
        for worker in workers:
            worker.join()
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    assert refused.json()["detail"].startswith("the assistant is busy")
    assert results == [200, 200]


def test_a_request_past_its_deadline_gets_a_503(engine, monkeypatch):
    finished = threading.Event()
    slow = engine.chat.reply

    def late(*args, **kwargs):
        time.sleep(1.0)
        try:
            return slow(*args, **kwargs)
        finally:
            finished.set()

    with app_client(engine, request_timeout=0.3, reply_cache_size=0) as hurried:
        monkeypatch.setattr(engine.chat, "reply", late)
        response = hurried.post("/api/chat", json=question("slow one"))
        # The abandoned worker still finishes its reply; let it, before the model is torn down.
        assert finished.wait(30)
    assert response.status_code == 503
    assert response.json()["detail"].startswith("no answer within 0.3 s")


def test_errors_are_json_everywhere(client):
    for response in (
        client.get("/api/nothing"),
        client.post("/api/chat", content=b"not json", headers={"content-type": "application/json"}),
        client.get("/api/clauses/none"),
    ):
        assert response.headers["content-type"].startswith("application/json")
        assert isinstance(response.json()["detail"], str)


def test_a_thread_left_running_past_its_deadline_still_counts_against_the_bound(engine, monkeypatch):
    finished = threading.Event()
    slow = engine.chat.reply

    def late(*args, **kwargs):
        time.sleep(1.5)
        try:
            return slow(*args, **kwargs)
        finally:
            finished.set()

    with app_client(engine, request_timeout=0.3, max_in_flight=1, reply_cache_size=0) as bounded:
        monkeypatch.setattr(engine.chat, "reply", late)
        workload = bounded.app.state.workload
        assert bounded.post("/api/chat", json=question("slow one")).status_code == 503
        # The caller has gone, but its thread is still answering: no room for another yet.
        assert workload.abandoned == 1
        busy = bounded.post("/api/chat", json=question("next one"))
        assert busy.status_code == 503 and busy.json()["detail"].startswith("the assistant is busy")
        assert finished.wait(30)
        monkeypatch.setattr(engine.chat, "reply", slow)
        deadline = time.monotonic() + 10  # the count drops as the thread returns, just after `finished`
        while workload.abandoned and time.monotonic() < deadline:
            time.sleep(0.01)
        assert workload.abandoned == 0
        assert bounded.post("/api/chat", json=question("after it")).status_code == 200


async def _answer(app, scope: dict, parts: list[bytes]) -> list[dict]:
    """What `app` sends for a request whose body is `parts`, after which the client goes quiet."""
    pending = [{"type": "http.request", "body": part, "more_body": True} for part in parts]
    sent: list[dict] = []

    async def receive() -> dict:
        if pending:
            return pending.pop(0)
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        sent.append(message)

    with anyio.fail_after(10):  # far past any deadline under test: a guard that waits for ever fails
        await app(scope, receive, send)
    return sent


@pytest.mark.parametrize(
    "headers",
    [[(b"content-length", b"200")], [(b"transfer-encoding", b"chunked")]],
    ids=["content-length", "chunked"],
)
def test_a_body_that_stalls_gets_a_408_whoever_reads_it(engine, headers):
    async def app(scope, receive, send) -> None:
        raise AssertionError("a stalled body never reaches the app")

    settings = engine.settings.model_copy(update={"body_timeout": 0.2, "rate_limit": "off"})
    scope = {"type": "http", "method": "POST", "path": "/api/chat", "headers": headers, "client": ("t", 1)}
    sent = run_apart(_answer, Guards(app, settings), scope, [b'{"messages": ['])
    start, body = sent
    assert start["status"] == 408 and (b"connection", b"close") in start["headers"]
    assert json.loads(body["body"]) == {"detail": "the request body did not arrive within 0.2 s"}
