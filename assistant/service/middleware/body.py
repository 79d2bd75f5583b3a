"""Reading a request's body ahead of the app (to bound it in size and time, to decode it once, to
key the reply cache), then handing it on as if it had not been read."""

from __future__ import annotations

import json
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


def as_utf8(body: bytes) -> bytes:
    """A JSON body as UTF-8 with no byte order mark: the one form both the app and the recorder
    read. Raises ValueError, saying what is wrong, when it is not text in any of them.

    A UTF-8 BOM, UTF-16 and UTF-32 are taken rather than refused: JSON's RFC 8259 lets a parser
    ignore the mark, and Python's json (the app's parser) reads all of them, while pydantic's
    (the recorder's) takes UTF-8 only; so a body the app answered went unrecorded. Transcoded
    here once, both see the same bytes. UTF-8, the common case, is only checked, not copied.
    """
    encoding = json.detect_encoding(body)  # from the BOM, or the zero bytes around an ASCII start
    try:
        if encoding == "utf-8":
            body.decode()
            return body
        return body.decode(encoding).encode()
    except UnicodeDecodeError as error:
        name = encoding.removesuffix("-sig").upper()
        raise ValueError(
            f"the request body is not {name} text ({error.reason} at byte {error.start}): send JSON in UTF-8"
        ) from None


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
