"""Connections to a real server, under each HTTP parser uvicorn may run: a head that trickles in
is cut off at its deadline, an idle connection is closed, a head past its bound gets a 431 at
once, and past the bound on connections a request gets a 503, while health checks still answer."""

from __future__ import annotations

import asyncio
import json
import select
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from assistant.service.connections import MAX_HEAD_BYTES
from tests.helpers.servers import HEADER_TIMEOUT, PARSERS, Server, copy_of_current_index, free_port, serving

# A head that never ends: the request line, then a header one byte at a time.
TRICKLE = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000


@pytest.fixture
def server(parser_server: Server) -> Server:
    return parser_server


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
    # Timed from before the first connection: the server's deadline runs from each one's accept.
    opened = time.monotonic()
    clients = [socket.create_connection(address(server)) for _ in range(50)]
    answers: dict[int, tuple[float, bytes]] = {}
    health: list[int] = []

    def trickle() -> None:
        # One byte to each client in turn, every 0.1 s, until the server has answered them all;
        # a client is answered when its socket turns readable.
        for position in range(len(TRICKLE)):
            waiting = [client for number, client in enumerate(clients) if number not in answers]
            readable, _, _ = select.select(waiting, [], [], 0)
            for client in readable:
                answers[clients.index(client)] = (time.monotonic() - opened, read_until_closed(client, 5))
            for client in waiting:
                if client not in readable:
                    client.sendall(TRICKLE[position : position + 1])
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
    # Cut off at the deadline (seen at the next 0.1 s tick; the last client connected last).
    assert seconds[0] >= HEADER_TIMEOUT and seconds[-1] < HEADER_TIMEOUT + 5, seconds
    print(f"trickled heads answered 408 after {seconds[0]:.2f}–{seconds[-1]:.2f} s")
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


def big_head(header_bytes: int) -> bytes:
    return b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * header_bytes + b"\r\n\r\n"


def test_a_head_within_the_bound_is_served(server):
    with socket.create_connection(address(server)) as client:
        client.sendall(big_head(MAX_HEAD_BYTES - 100).replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        assert read_until_closed(client, 30).startswith(b"HTTP/1.1 200 ")


def test_a_head_past_the_bound_gets_a_431(server):
    with socket.create_connection(address(server)) as client:
        client.sendall(big_head(MAX_HEAD_BYTES + 1))
        answer = read_until_closed(client, 30)
    assert answer.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"), answer[:100]
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head and b"connection: close" in head
    assert json.loads(body) == {"detail": "the request's line and headers are over 32 KiB"}


def test_a_100_mb_header_is_refused_at_once_and_costs_no_memory(server):
    rss_before = server.rss_mb()
    peak = [rss_before]
    sent = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak.append(server.rss_mb())
            time.sleep(0.01)

    with socket.create_connection(address(server)) as client:

        def send() -> None:
            megabyte = b"a" * 2**20
            try:
                client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
                for _ in range(100):
                    client.sendall(megabyte)
                    sent[0] += len(megabyte)
            except OSError:  # the server has closed the connection
                pass

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.monotonic()
        sender = threading.Thread(target=send)
        sender.start()
        # Read as it is sent: the server answers and closes long before 100 MB could go.
        answer = read_until_closed(client, 30)
        seconds = time.monotonic() - started
        sender.join(60)
    done.set()
    watcher.join()
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:100]
    assert sent[0] < 20 * 2**20, f"the server took {sent[0] / 2**20:.0f} MB before refusing"
    assert seconds < 5, seconds
    assert max(peak) - rss_before < 32, f"RSS rose {max(peak) - rss_before:.0f} MB"
    print(
        f"100 MB header: 431 after {seconds * 1000:.0f} ms, {sent[0] / 2**20:.0f} MB sent, "
        f"RSS +{max(peak) - rss_before:.1f} MB"
    )


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
