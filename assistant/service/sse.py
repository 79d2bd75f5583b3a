"""A Reply as Server-Sent Events: the retrieved clauses, the answer in pieces, the citations, done."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from assistant.models import Reply

# Words per `answer` event: small enough to render progressively, big enough not to flood.
WORDS_PER_PIECE = 4
# Proxies must pass each event on as it comes, not buffer or cache the stream.
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(event: str, data: Any) -> str:
    """One event in the text/event-stream format; the JSON never holds a raw newline, so one data line."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def pieces(text: str, words: int = WORDS_PER_PIECE) -> list[str]:
    """`text` cut after every `words`-th word; the pieces join back to exactly `text`."""
    tokens = re.findall(r"\s*\S+\s*", text) or [text]
    return ["".join(tokens[i : i + words]) for i in range(0, len(tokens), words)]


def reply_events(reply: Reply) -> Iterator[str]:
    """The events for a reply, in the order the pages render them."""
    data = reply.model_dump(mode="json")
    yield sse("retrieved", {"retrieved": data["retrieved"], "abstained": data["abstained"]})
    for piece in pieces(reply.answer):
        yield sse("answer", {"text": piece})
    yield sse(
        "citations", {"citations": data["citations"], "rule": data["rule"], "follow_up": data["follow_up"]}
    )
    yield sse("done", data)
