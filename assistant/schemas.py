"""The typed shapes of the HTTP API: requests are validated here, replies are built from these."""

from __future__ import annotations

import os
import re
import time
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

MAX_MESSAGE_CHARS = 4000
MAX_MESSAGES = 50

# C0/C1 control characters other than tab and newline carry no meaning in a question.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"must be a date written YYYY-MM-DD, not {str(value)[:40]!r}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value.strip()} is not a real calendar date") from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def clean_text(value: str) -> str:
    """Control characters dropped; blank text and lone surrogates refused."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains a lone surrogate, which is not valid Unicode text") from None
    value = _CONTROL.sub("", value)
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Text = Annotated[str, Field(max_length=MAX_MESSAGE_CHARS), AfterValidator(clean_text)]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: Text


class ChatRequest(BaseModel):
    """The whole conversation so far (the server keeps no state), newest message last."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "messages": [{"role": "user", "content": "Can I get my money back for Coursera Plus?"}],
                    "as_of": "2025-03-10",
                }
            ]
        },
    )

    messages: list[Message] = Field(min_length=1, max_length=MAX_MESSAGES)
    as_of: IsoDate | None = Field(
        default=None, description="The date relative dates and deadlines are computed against; default today."
    )

    @model_validator(mode="after")
    def _ends_with_user(self) -> ChatRequest:
        if self.messages[-1].role != "user":
            raise ValueError("the last message must be the user's question")
        return self


class Citation(BaseModel):
    n: int
    id: str
    title: str
    quote: str = Field(description="A verbatim span of the cleaned terms.")
    url: str


class Retrieved(BaseModel):
    id: str
    title: str
    text: str
    score: float


class FollowUp(BaseModel):
    slot: str
    question: str
    options: list[str] = []


class RuleAnswer(BaseModel):
    name: str
    inputs: dict[str, Any]
    outcome: dict[str, Any]
    citations: list[Citation]


# A serialised reply starts with its id, so the bytes of a kept reply can take a fresh one.
REPLY_ID_PREFIX = b'{"id":"'
REPLY_ID_END = len(REPLY_ID_PREFIX) + 32


def reply_id_of(reply: bytes) -> str:
    """The id at the start of a serialised reply."""
    return reply[len(REPLY_ID_PREFIX) : REPLY_ID_END].decode()


def with_new_id(reply: bytes) -> bytes:
    """The same serialised reply under a fresh id."""
    return REPLY_ID_PREFIX + new_id().encode() + reply[REPLY_ID_END:]


def new_id() -> str:
    """A reply's id: 32 hex digits (the layout above relies on the length), the time first.

    12 digits of milliseconds since 1970, then 20 random ones: ids made one after another sort
    together, so the database's index on them grows at one end rather than being rewritten all
    over (a random id cost SQLite four times as much per recorded reply). Still unguessable.
    """
    return f"{time.time_ns() // 1_000_000:012x}{os.urandom(10).hex()}"


class Reply(BaseModel):
    id: str = Field(default_factory=new_id, description="This reply's id, for feedback.")
    answer: str
    abstained: bool
    citations: list[Citation]
    rule: RuleAnswer | None = None
    follow_up: FollowUp | None = None
    retrieved: list[Retrieved]
    handoff: bool = Field(
        default=False,
        description="Offer a person (POST /api/handoff): after a decline, or when asked for one.",
    )


class Clause(BaseModel):
    id: str
    title: str
    url: str
    text: str
    sentences: list[str]


class SearchHit(BaseModel):
    id: str
    title: str
    url: str
    text: str
    score: float
    dense: float
    bm25: float
    sentences: list[str] = Field(description="The best-matching sentences, best first.")


class SearchResults(BaseModel):
    query: str
    relevant: bool
    hits: list[SearchHit]


class Health(BaseModel):
    status: Literal["ok"]
    index: str
    chunks: int
    model: str


class RuleInfo(BaseModel):
    name: str
    description: str
    inputs: dict[str, Any] = Field(description="The JSON schema of the rule's inputs.")


class Problem(BaseModel):
    """Every error body: a sentence that says what is wrong."""

    detail: str


class FieldProblem(BaseModel):
    field: str
    message: str


class ValidationProblem(Problem):
    """A 422: the sentence, then each field and what is wrong with it."""

    errors: list[FieldProblem]


# The errors any API route may answer, declared so the OpenAPI schema tells clients the truth.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The body could not be read (not UTF-8 text)"},
    401: {"model": Problem, "description": "An agent route without the agent token"},
    404: {"model": Problem, "description": "Not found"},
    413: {"model": Problem, "description": "The request body is over 64 KiB"},
    422: {"model": ValidationProblem, "description": "The request is invalid; `errors` names each field"},
    429: {"model": Problem, "description": "Too many requests from this client; see Retry-After"},
    503: {"model": Problem, "description": "Busy or past the deadline; see Retry-After"},
}
