"""The domain types every stage shares: a conversation's messages, and the reply with its citations.

They import nothing of the assistant's own; the HTTP shapes built on them live in `service.schemas`.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

MAX_MESSAGE_CHARS = 4000

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


def day_of(as_of: date | None) -> date:
    """The day a conversation is read on: the one asked for, or else today."""
    return as_of or date.today()


def problem_text(problem: Mapping[str, Any]) -> str:
    """Pydantic's message for one validation problem, without the "Value error, " it prefixes to
    the messages of our own validators."""
    return str(problem.get("msg", "is invalid")).removeprefix("Value error, ")


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


def new_id() -> str:
    """A reply's id: 32 hex digits (the layout above relies on the length), the time first.

    12 digits of milliseconds since 1970, then 20 random ones: ids made one after another sort
    together, so the database's index on them grows at one end rather than being rewritten all
    over (a random id cost SQLite four times as much per recorded reply). Still unguessable.
    """
    return f"{time.time_ns() // 1_000_000:012x}{os.urandom(10).hex()}"


Refusal = Literal["instructions", "code", "gibberish", "orders", "no_such_section"]


class Understood(BaseModel):
    """How the last user turn was read, for the agents who want to see why it was answered so."""

    context: list[str] = Field(
        default_factory=list, description="The earlier user turns it was read with, oldest first."
    )
    questions: list[str] = Field(
        default_factory=list,
        description="The questions found in it, in the order asked, when it was long or asked several.",
    )
    language: str | None = Field(
        default=None, description="The language the user turns were detected as, when they could be told."
    )
    refusal: Refusal | None = Field(
        default=None,
        description="Why it was not searched: a request for the assistant's instructions, code or a "
        "query, no readable question, instructions with no question, or a section the terms lack.",
    )


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
    language: str = Field(default="en", description="The language of the assistant's own words (BCP 47).")
    understood: Understood = Field(default_factory=Understood, description="How the last turn was read.")
