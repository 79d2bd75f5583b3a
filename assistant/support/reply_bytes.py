"""A serialised reply's bytes: its id comes first, so the reply cache can give kept bytes a fresh id
and the recorder can tell two answers to the same question apart by what follows the id."""

from __future__ import annotations

from assistant.models import new_id

# A serialised reply starts with its id, so the bytes of a kept reply can take a fresh one.
REPLY_ID_PREFIX = b'{"id":"'
REPLY_ID_END = len(REPLY_ID_PREFIX) + 32


def reply_id_of(reply: bytes) -> str:
    """The id at the start of a serialised reply."""
    return reply[len(REPLY_ID_PREFIX) : REPLY_ID_END].decode()


def with_new_id(reply: bytes) -> bytes:
    """The same serialised reply under a fresh id."""
    return REPLY_ID_PREFIX + new_id().encode() + reply[REPLY_ID_END:]
