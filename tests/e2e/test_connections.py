"""Connections to a real server, under each HTTP parser uvicorn may run: a head that trickles in
is cut off at its deadline, an idle connection is closed, and past the bound on connections a
request gets a 503, while health checks still answer."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from tests.helpers.servers import Server, copy_of_current_index, free_port, serving

HEADER_TIMEOUT = 2.0
PARSERS = ["httptools", "h11"]
# A head that never ends: the request line, then a header one byte at a time.
TRICKLE = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000


@pytest.fixture(scope="module", params=PARSERS)
def server(request, tmp_path_factory) -> Iterator[Server]:
    index = copy_of_current_index(tmp_path_factory.mktemp("connections") / "index")
    env = {
        "ASSISTANT_INDEX_DIR": str(index),
        "ASSISTANT_HTTP_PARSER": request.param,
        "ASSISTANT_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
        "ASSISTANT_RELOAD_INTERVAL": "0",
    }
    with serving(env) as running:
        yield running


def address(server: Server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def read_until_closed(sock: socket.socket, seconds: float) -> bytes:
    """What the server sends before it closes the connection (waiting at most `seconds`)."""
    sock.settimeout(seconds)
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_trickled_heads_are_cut_off_at_the_deadline_while_health_checks_answer(server):
    clients = [socket.create_connection(address(server)) for _ in range(50)]
    opened = time.monotonic()
    answers: dict[int, tuple[float, bytes]] = {}
    health: list[int] = []

    def trickle() -> None:
        # One byte to each client in turn, every 0.1 s, until the server has answered them all.
        for position in range(len(TRICKLE)):
            for number, client in enumerate(clients):
                if number in answers:
                    continue
                try:
                    client.sendall(TRICKLE[position : position + 1])
                except OSError:  # closed: its answer is read below
                    answers[number] = (time.monotonic() - opened, read_until_closed(client, 5))
            if len(answers) == len(clients) or time.monotonic() - opened > 60:
                return
            time.sleep(0.1)

    sender = threading.Thread(target=trickle)
    sender.start()
    with httpx.Client() as checker:
        while sender.is_alive():
            health.append(checker.get(f"{server.url}/healthz", timeout=10).status_code)
            time.sleep(0.2)
    sender.join()
    for client in clients:
        client.close()

    assert len(answers) == len(clients)
    seconds = sorted(at for at, _ in answers.values())
    # Cut off at the deadline (the send that finds the socket closed comes up to 0.1 s later).
    assert seconds[0] >= HEADER_TIMEOUT - 0.1 and seconds[-1] < HEADER_TIMEOUT + 5, seconds
    for _, answer in answers.values():
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:100]
        assert b"the request's headers did not arrive within 2 s" in answer
    assert health and set(health) == {200}
    assert "Traceback" not in server.output()


def test_a_connection_that_sends_nothing_is_closed_quietly_at_the_deadline(server):
    with socket.create_connection(address(server)) as idle:
        opened = time.monotonic()
        assert read_until_closed(idle, 30) == b""
        assert HEADER_TIMEOUT - 0.1 <= time.monotonic() - opened < HEADER_TIMEOUT + 5


def test_a_keep_alive_connection_serves_request_after_request(server):
    with httpx.Client() as client:
        statuses = [client.get(f"{server.url}/healthz").status_code for _ in range(5)]
    assert statuses == [200] * 5


def test_past_the_bound_on_connections_a_request_gets_a_503(tmp_path):
    index = copy_of_current_index(tmp_path / "index")
    env = {
        "ASSISTANT_INDEX_DIR": str(index),
        "ASSISTANT_MAX_CONNECTIONS": "4",
        "ASSISTANT_RELOAD_INTERVAL": "0",
    }
    with serving(env) as server:
        # Three clients keep their connections open (each answered, so each surely accepted);
        # the fourth connection reaches the bound (uvicorn counts the one asking).
        held = [httpx.Client() for _ in range(3)]
        try:
            assert [c.get(f"{server.url}/healthz").status_code for c in held] == [200, 200, 200]
            refused = httpx.get(f"{server.url}/healthz", timeout=10)
        finally:
            for client in held:
                client.close()
        assert refused.status_code == 503
        deadline = time.monotonic() + 30
        while (status := httpx.get(f"{server.url}/healthz", timeout=10).status_code) != 200:
            assert time.monotonic() < deadline, status
            time.sleep(0.1)


@contextmanager
def toy_server(parser: str, app) -> Iterator[str]:
    """A real uvicorn, in a thread, on our connection classes, serving a small ASGI app."""
    from assistant.service.connections import PROTOCOLS, ServerConfig

    port = free_port()
    config = ServerConfig(
        app, host="127.0.0.1", port=port, http=PROTOCOLS[parser], header_timeout=1.0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the toy server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


async def slow_app(scope, receive, send) -> None:
    """Answers after 2.5 s: longer than the head's deadline of 1 s."""
    if scope["type"] != "http":
        return
    await asyncio.sleep(2.5)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.mark.parametrize("parser", PARSERS)
def test_the_deadline_does_not_run_while_a_request_is_answered(parser):
    with toy_server(parser, slow_app) as url, httpx.Client() as client:
        # Twice on one connection: the deadline starts again when the first response ends.
        answers = [client.get(url, timeout=30) for _ in range(2)]
    assert [(a.status_code, a.text) for a in answers] == [(200, "ok"), (200, "ok")]
