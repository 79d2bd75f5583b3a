"""Identical chat requests answered from memory, before the framework parses them.

The chat is stateless and deterministic for a given body and day, so the reply's bytes can be
kept and sent again. Doing it in front of routing and validation is what makes a repeated
question nearly as cheap as a do-nothing endpoint. Each reply still gets an id of its own: the
cached bytes start with `{"id":"<32 hex>"` and a fresh id is spliced in.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.service.middleware.body import read_body, replay
from assistant.support.reply_bytes import REPLY_ID_PREFIX, with_new_id

PATH = "/api/chat"


class CachedReplies:
    """The kept replies: request key → reply bytes, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError("size must be >= 0")
        self.size = size
        self._replies: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> bytes | None:
        with self._lock:
            reply = self._replies.get(key)
            if reply is None:
                self.misses += 1
            else:
                self._replies.move_to_end(key)
                self.hits += 1
            return reply

    def put(self, key: bytes, reply: bytes) -> None:
        with self._lock:
            self._replies[key] = reply
            while len(self._replies) > self.size:
                self._replies.popitem(last=False)


# Told of every 200 chat reply, fresh or cached: (request body, reply body). It runs on the
# request path, so it must only hand the pair on (to a queue), never do I/O itself.
OnReply = Callable[[bytes, bytes], None]


def _ignore(body: bytes, reply: bytes) -> None:
    return None


class ReplyCache:
    """ASGI middleware: POST /api/chat bodies seen today → the 200 reply sent for them.

    Every chat reply passes through here, so `on_reply` hears of each one, cached or not.
    """

    def __init__(self, app: ASGIApp, replies: CachedReplies, on_reply: OnReply = _ignore) -> None:
        self.app = app
        self.replies = replies
        self.on_reply = on_reply

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        if body is None:  # the client left before sending it all
            return
        # A request without as_of is answered as of today, and a new index may answer otherwise,
        # so the day and the index build are part of the key. The engine is chosen here, once, and
        # the request is answered by it (see `get_engine`): a swap meanwhile can't file the new
        # build's reply under the old build's key.
        engine = scope["app"].state.engine
        scope.setdefault("state", {})["engine"] = engine
        # Accept-Language chooses the reply's language when the request doesn't.
        accept = next((value for name, value in scope["headers"] if name == b"accept-language"), b"")
        seen = f"{date.today()} {engine.index.build_id} ".encode() + accept[:256] + b"\n" + body
        key = hashlib.blake2b(seen, digest_size=16).digest()
        cached = self.replies.get(key) if self.replies.size else None
        if cached is not None:
            reply = with_new_id(cached)
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(reply)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": reply})
            self.on_reply(body, reply)
            return
        await self.app(scope, replay(body, receive), self._keeping(key, body, send))

    def _keeping(self, key: bytes, body: bytes, send: Send) -> Send:
        """Pass the response on, keeping it when it is a whole 200 reply."""
        status = 0
        parts: list[bytes] = []

        async def keeping(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and status == 200:
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    reply = b"".join(parts)
                    if reply.startswith(REPLY_ID_PREFIX):
                        if self.replies.size:
                            self.replies.put(key, reply)
                        self.on_reply(body, reply)
            await send(message)

        return keeping
