"""Operations: request ids, Prometheus metrics by route, JSON log lines that keep learners' words out."""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

from assistant.service.logs import JsonFormatter, logging_config
from assistant.support.records import KINDS
from tests.helpers.apps import app_on
from tests.helpers.loops import run_apart

TOKEN = "s3cret"


@pytest.fixture
def make_client(engine, tmp_path):
    def make(**overrides):
        return TestClient(app_on(engine, agent_token=TOKEN, data_dir=tmp_path, **overrides))

    return make


def question(text: str) -> dict:
    return {"messages": [{"role": "user", "content": text}], "as_of": "2025-03-10"}


def sample(client: TestClient, name: str, **labels: str) -> float:
    """One value from /metrics, 0 when the series is not there yet."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text.splitlines():
        series, _, value = line.rpartition(" ")
        if series == (f"{name}{{{wanted}}}" if labels else name):
            return float(value)
    return 0.0


def test_every_response_carries_a_request_id(make_client):
    with make_client(rate_limit="2/minute") as client:
        responses = [
            client.get("/"),
            client.get("/no/such/page"),
            client.post("/api/chat", json=question("can my brother use my login?")),
            client.post("/api/chat", json=question("can my brother use my login?")),  # from the cache
            client.post("/api/chat", json=question("can my brother use my login?")),  # refused: 429
        ]
    assert [r.status_code for r in responses] == [200, 404, 200, 200, 429]
    ids = [r.headers["x-request-id"] for r in responses]
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids) and len(set(ids)) == len(ids)


def test_a_sane_incoming_request_id_is_kept_and_any_other_replaced(make_client):
    with make_client() as client:
        kept = client.get("/healthz", headers={"X-Request-ID": "edge-7f3a.42:1"})
        assert kept.headers["x-request-id"] == "edge-7f3a.42:1"
        for bad in ("a b", "x" * 65, 'forged"}, {"level": "ERROR'):
            replaced = client.get("/healthz", headers={"X-Request-ID": bad}).headers["x-request-id"]
            assert re.fullmatch(r"[0-9a-f]{16}", replaced), bad


def test_metrics_count_requests_by_route_template_and_replies_by_kind(make_client):
    with make_client() as client:
        client.get("/api/clauses/refund-policy/for-coursera-plus")
        client.get("/api/clauses/no-such-clause")
        client.get("/wp-login.php")
        for text in (
            "can my brother use my login?",
            "can my brother use my login?",
            "what is the capital of australia",
        ):
            client.post("/api/chat", json=question(text))
        client.post("/api/chat", json=question("I paid for Coursera Plus 3 days ago, can I get a refund?"))
        client.post("/api/chat", json=question("can I get a refund?"))
        client.post("/api/chat", json=question("talk to a human"))
        cast(FastAPI, client.app).state.recorder.flush()
        clause = {"route": "/api/clauses/{clause_id}", "method": "GET"}
        assert sample(client, "assistant_http_requests_total", **clause, status="200") == 1
        assert sample(client, "assistant_http_requests_total", **clause, status="404") == 1
        assert (
            sample(client, "assistant_http_requests_total", route="unmatched", method="GET", status="404")
            == 1
        )
        chat = {"route": "/api/chat", "method": "POST"}
        # The cached reply never reached the router; it is counted under its route all the same.
        assert sample(client, "assistant_http_requests_total", **chat, status="200") == 6
        assert sample(client, "assistant_http_request_duration_seconds_count", **chat) == 6
        assert sample(client, "assistant_http_request_duration_seconds_sum", **chat) > 0
        kinds = {kind: sample(client, "assistant_replies_total", kind=kind) for kind in KINDS}
        assert kinds == {"lookup": 2, "rule": 1, "declined": 1, "follow_up": 1, "handoff": 1}
        assert sample(client, "assistant_reply_cache_hits_total") == 1
        assert sample(client, "assistant_reply_cache_misses_total") == 5
        assert sample(client, "assistant_query_embedding_cache_hits_total") > 0
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert scraped.headers["content-type"].startswith("text/plain")


def formatted(records: list[logging.LogRecord]) -> list[dict]:
    """The server's log lines (the test client's own, httpx's, are not the server's)."""
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in records if not record.name.startswith("httpx")]


WORDS = "my cat Zanzibar ate my certificate, refund?"


def exercise(client: TestClient) -> None:
    """Send the learner's words everywhere they can go."""
    reply = client.post("/api/chat", json=question(WORDS)).json()
    client.post("/api/chat/stream", json=question(WORDS))
    client.get("/api/search", params={"q": WORDS})
    client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": WORDS}]})
    client.post("/api/feedback", json={"reply_id": reply["id"], "rating": "down", "comment": WORDS})
    client.post(
        "/api/handoff", json={"messages": [{"role": "user", "content": WORDS}], "email": "z@example.com"}
    )
    client.post("/api/chat", json={"messages": [{"role": "assistant", "content": WORDS}]})  # a 422
    cast(FastAPI, client.app).state.recorder.flush()


def test_logs_carry_no_learner_words_by_default(make_client, caplog):
    caplog.set_level(logging.DEBUG)
    with make_client(access_log=True) as client:
        exercise(client)
    lines = formatted(caplog.records)
    assert lines and not [line for line in lines if "Zanzibar" in json.dumps(line)]
    requests = [line for line in lines if line["logger"] == "assistant.requests"]
    assert {line["route"] for line in requests} >= {"/api/chat", "/api/search", "/v1/chat/completions"}
    for line in requests:
        assert set(line) >= {
            "time",
            "level",
            "message",
            "request_id",
            "method",
            "route",
            "status",
            "duration_ms",
        }
    refused = next(line for line in requests if line["status"] == 422)
    assert refused["level"] == "WARNING" and refused["message"] == "POST /api/chat 422"
    assert any(line.get("ticket") for line in lines)  # the ticket opened is logged, by number


def test_the_setting_lets_the_words_into_the_logs(make_client, caplog):
    caplog.set_level(logging.DEBUG)
    with make_client(log_messages=True) as client:
        exercise(client)
    said = [line for line in formatted(caplog.records) if line.get("question") == WORDS]
    assert len(said) == 3  # a line for each reply recorded: /api/chat, its stream, /v1/chat/completions
    assert all(line["reply_id"] and line["kind"] for line in said)


def test_without_the_access_log_only_refusals_and_errors_are_logged(make_client, caplog):
    caplog.set_level(logging.DEBUG, logger="assistant.requests")
    with make_client() as client:
        client.get("/healthz")
        client.get("/api/tickets")
    assert [(r.method, r.route, r.status) for r in caplog.records if r.name == "assistant.requests"] == [
        ("GET", "/api/tickets", 401)
    ]


class Lines(logging.Handler):
    """Formats each record as it is emitted, in the context of the request that logs it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


def test_a_line_the_app_logs_during_a_request_carries_its_request_id(make_client, caplog):
    caplog.set_level(logging.INFO, logger="assistant.service.routes.support")
    handler = Lines()
    logging.getLogger("assistant.service.routes.support").addHandler(handler)
    try:
        with make_client() as client:
            response = client.post("/api/handoff", json=question("talk to a human"))
    finally:
        logging.getLogger("assistant.service.routes.support").removeHandler(handler)
    assert response.status_code == 201
    # The app passes no id of its own: the formatter reads the request's from the middleware.
    opened = [line for line in handler.lines if line["message"] == "ticket opened"]
    assert opened == [
        opened[0] | {"request_id": response.headers["x-request-id"], "ticket": response.json()["ticket"]}
    ]


def test_a_log_line_is_one_json_object_with_the_request_id():
    record = logging.LogRecord("assistant", logging.ERROR, __file__, 1, "failed on %s", ("x\ny",), None)
    record.request_id = "abc123"
    record.route = "/api/chat"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line) | {"time": ""} == {
        "time": "",
        "level": "ERROR",
        "message": "failed on x\ny",
        "logger": "assistant",
        "request_id": "abc123",
        "route": "/api/chat",
    }
    config = logging_config("warning")
    assert config["root"]["level"] == "WARNING" and config["loggers"]["uvicorn.access"]["propagate"] is False


def test_an_exception_is_logged_by_type_not_by_the_words_it_quotes():
    try:
        try:
            raise KeyError(f"input was {WORDS}")
        except KeyError as cause:
            raise ValueError(f"could not read {WORDS}") from cause
    except ValueError:
        record = logging.LogRecord("assistant", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    withheld = json.loads(JsonFormatter().format(record))["error"]
    assert "Zanzibar" not in withheld
    # Both exceptions of the chain, cause first, each with its stack to debug from.
    assert withheld.index("KeyError (message withheld)") < withheld.index("ValueError (message withheld)")
    assert 'raise KeyError(f"input' in withheld and 'raise ValueError(f"could' in withheld
    assert "Zanzibar" in json.loads(JsonFormatter(log_messages=True).format(record))["error"]


async def _leave_mid_body(app: FastAPI, path: str) -> list[Message]:
    """POST `path` as a client that sends part of its body and hangs up; what the app sends."""
    messages: list[Message] = [
        {"type": "http.request", "body": b'{"messages": [{"role": "user", "co', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = [(b"content-type", b"application/json"), (b"content-length", b"120")]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    await app(scope, receive, send)
    return sent


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
def test_a_client_that_leaves_mid_body_is_counted_and_logged_as_499(make_client, caplog, path):
    caplog.set_level(logging.INFO, logger="assistant.requests")
    with make_client() as client:
        app = cast(FastAPI, client.app)
        assert run_apart(_leave_mid_body, app, path) == []  # no one to answer
        route = {"route": path, "method": "POST"}
        assert sample(client, "assistant_http_requests_total", **route, status="499") == 1
        for status in ("400", "500"):
            assert sample(client, "assistant_http_requests_total", **route, status=status) == 0
    logged = [(r.route, r.status, r.levelname) for r in caplog.records if r.name == "assistant.requests"]
    assert (path, 499, "WARNING") in logged
    assert not [line for line in logged if line[1] in (400, 500)]


def test_the_metrics_are_for_the_scraper_and_agents_only(make_client):
    with make_client(metrics_token="scraper-token") as client:
        refused = client.get("/metrics")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert "assistant_tickets_opened_total" not in refused.text
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        for token in ("scraper-token", TOKEN):
            scraped = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
            assert scraped.status_code == 200 and "assistant_tickets_opened_total" in scraped.text
            assert scraped.headers["cache-control"] == "no-store"
        # The scraper's token opens the metrics and nothing else.
        assert (
            client.get("/api/tickets", headers={"Authorization": "Bearer scraper-token"}).status_code == 401
        )
