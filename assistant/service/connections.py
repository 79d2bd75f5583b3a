"""The HTTP/1.1 connections uvicorn serves, with two limits its parsers lack: a deadline for a
request's head (the request line and headers) and a bound on its size.

Uvicorn waits for ever for a head that trickles in a byte at a time, so a few thousand slow
clients hold every file descriptor; and httptools reads a header of any size (a 100 MB one
cost seconds of CPU and hundreds of MB). The two classes here are uvicorn's own protocols (h11
and httptools, whichever the settings pick) with both limits added: a timer starts when a
connection opens or a response ends, and the head must be complete before it fires, or the
connection is closed (with a 408 if part of a head came); a head past `MAX_HEAD_BYTES` gets a
431. Either refusal closes the connection.
"""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus
from typing import Any, cast

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("assistant.connections")

# The request line and headers together. Browsers send 1–4 KiB; nginx's default ceiling is
# 4 × 8 KiB; past this a head is a mistake or an attack.
MAX_HEAD_BYTES = 32 * 1024
# After a refusal the connection is half-closed and what the client still sends is read and
# dropped, for up to this long or this much: closing with unread bytes would send a reset, which
# can destroy the refusal before the client reads it (as nginx's lingering close avoids).
LINGER_SECONDS = 2.0
LINGER_BYTES = 2**20


class ServerConfig(uvicorn.Config):
    """uvicorn's Config, also carrying the head deadline (it travels to worker processes with it)."""

    def __init__(self, app: Any, *, header_timeout: float, **options: Any) -> None:
        # h11 holds an incomplete head to this size, then fails it: the same bound as httptools'.
        options.setdefault("h11_max_incomplete_event_size", MAX_HEAD_BYTES)
        super().__init__(app, **options)
        self.header_timeout = header_timeout


def refusal(status: int, detail: str) -> bytes:
    """A whole HTTP/1.1 response that closes the connection, its body JSON like every error's."""
    body = json.dumps({"detail": detail}).encode()
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode() + body


class _HeadLimits(asyncio.Protocol):
    """What both protocols share: the timer, the byte count and the refusals.

    `_head_bytes` counts the bytes of a head being read, and is None while none is (a body, or
    a request being answered). The subclasses say when a head starts and ends for their parser.
    """

    # Set by uvicorn's protocol classes, which this is mixed into.
    config: uvicorn.Config
    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    cycle: Any

    _head_timer: asyncio.TimerHandle | None = None
    _head_bytes: int | None = 0
    _lingering: int | None = None  # bytes still to drop after a refusal

    def data_received(self, data: bytes) -> None:
        if self._lingering is not None:
            self._lingering -= len(data)
            if self._lingering <= 0:
                self.transport.close()
            return
        # While a head is coming, the parser is fed no more than the bound has room for: a head
        # still incomplete with more bytes waiting is too large, whatever the parser makes of it.
        while data and self._head_bytes is not None:
            room = MAX_HEAD_BYTES - self._head_bytes
            if room <= 0:
                self._refuse(431, f"the request's line and headers are over {MAX_HEAD_BYTES // 1024} KiB")
                return
            piece, data = data[:room], data[room:]
            self._head_bytes += len(piece)
            super().data_received(piece)
            self._after_events()
            if self.transport.is_closing():
                return
        if data:
            super().data_received(data)
            self._after_events()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._after_events()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]  # uvicorn's, after this class
        self._after_events()

    @property
    def _header_timeout(self) -> float:
        return cast(ServerConfig, self.config).header_timeout

    def _answering(self) -> bool:
        """A request's head has been read and its response is not finished."""
        return self.cycle is not None and not self.cycle.response_complete

    def _after_events(self) -> None:
        """Run the deadline while the connection waits for a head, and only then."""
        if self._answering() or self.transport.is_closing():
            self._cancel_head_timer()
        elif self._head_timer is None:
            self._head_timer = self.loop.call_later(self._header_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self._head_bytes:  # part of a head came: say why it is cut off
            self._refuse(408, f"the request's headers did not arrive within {self._header_timeout:g} s")
        else:  # an idle connection: nothing to answer
            self.transport.close()

    def _refuse(self, status: int, detail: str) -> None:
        self._cancel_head_timer()
        if self._answering():
            # A pipelined head went wrong while an earlier request is answered: there is no
            # room on the wire for a second response, so the connection just ends.
            self.transport.close()
            return
        log.warning("%d before the request was read: %s", status, detail, extra={"status": status})
        self.transport.write(refusal(status, detail))
        if not self.transport.can_write_eof():
            self.transport.close()
            return
        self.transport.write_eof()
        self._lingering = LINGER_BYTES
        self.loop.call_later(LINGER_SECONDS, self.transport.close)


class H11Connection(_HeadLimits, H11Protocol):
    """uvicorn's h11 protocol with the head's deadline and bound."""

    def _after_events(self) -> None:
        # h11 is waiting for a request exactly when the client's side is IDLE.
        if self.conn.their_state is h11.IDLE:
            if self._head_bytes is None:
                self._head_bytes = 0
        else:
            self._head_bytes = None
        super()._after_events()


class HttpToolsConnection(_HeadLimits, HttpToolsProtocol):
    """uvicorn's httptools protocol with the head's deadline and bound."""

    def on_headers_complete(self) -> None:
        self._head_bytes = None
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        # The next bytes are the next request's head (in a pipeline, the rest of this read is
        # not counted: the bound then holds to within one read).
        self._head_bytes = 0
        super().on_message_complete()


# By the `http_parser` setting; uvicorn's "auto" is httptools when it is installed, as it is here.
PROTOCOLS: dict[str, type[asyncio.Protocol]] = {
    "auto": HttpToolsConnection,
    "httptools": HttpToolsConnection,
    "h11": H11Connection,
}
