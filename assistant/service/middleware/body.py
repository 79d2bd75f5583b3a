"""Reading a request's body ahead of the app (to key the reply cache, to bound a chunked body),
then handing it on as if it had not been read."""

from __future__ import annotations

import math

from starlette.types import Message, Receive


async def read_body(receive: Receive, limit: float = math.inf) -> bytes | None:
    """The request body, read to its end or until it grows past `limit` bytes (the caller checks
    the length); None when the client leaves before sending it all."""
    body, more = b"", True
    while more and len(body) <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return None
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then listens on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
