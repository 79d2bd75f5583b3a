"""Request bodies as a real server sees them, under each HTTP parser: a body that stalls gets a 408
at its deadline, sent with a length or chunked alike."""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.helpers.servers import BODY_TIMEOUT, Server

HEAD = b"POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
START = b'{"messages": [{"role": "user", "content": "can I '
# The start of a body, then nothing more.
STALLS = {
    "content-length": HEAD + b"Content-Length: 200\r\n\r\n" + START,
    "chunked": HEAD
    + b"Transfer-Encoding: chunked\r\n\r\n"
    + f"{len(START):x}\r\n".encode()
    + START
    + b"\r\n",
}


def connect(server: Server) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)))


def read_until_closed(sock: socket.socket, seconds: float) -> bytes:
    sock.settimeout(seconds)
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


@pytest.mark.parametrize("kind", STALLS)
def test_a_stalled_body_gets_a_408_at_its_deadline(parser_server, kind):
    with connect(parser_server) as client:
        client.sendall(STALLS[kind])
        sent = time.monotonic()
        answer = read_until_closed(client, 60)
        seconds = time.monotonic() - sent
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert json.loads(body) == {"detail": f"the request body did not arrive within {BODY_TIMEOUT:g} s"}
    assert BODY_TIMEOUT <= seconds < BODY_TIMEOUT + 5, seconds
    print(f"{kind} body stalled: 408 after {seconds:.2f} s")


def logged(server: Server, route: str) -> list[dict]:
    """The server's request log lines for `route`."""
    lines = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("logger") == "assistant.requests" and line["route"] == route]


@pytest.mark.parametrize("route", ["/api/chat", "/api/chat/stream"])
def test_a_client_that_leaves_mid_body_is_logged_as_499_not_as_a_failure(parser_server, route):
    before = len(logged(parser_server, route))
    with connect(parser_server) as client:
        client.sendall(STALLS["content-length"].replace(b"/api/chat", route.encode(), 1))
    deadline = time.monotonic() + 30
    while len(logged(parser_server, route)) == before:
        assert time.monotonic() < deadline, "the request was never logged"
        time.sleep(0.1)
    line = logged(parser_server, route)[before]
    assert (line["status"], line["level"]) == (499, "WARNING")
    assert "Traceback" not in parser_server.output()
