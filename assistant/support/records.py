"""What the assistant records, as the store returns it and the support routes send it: replies,
feedback and tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypedDict, get_args

from pydantic import BaseModel, Field

from assistant.models import Reply

Kind = Literal["lookup", "rule", "declined", "follow_up", "handoff"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Rating = Literal["up", "down"]


def reply_kind(abstained: bool, rule: bool, follow_up: bool, handoff: bool) -> Kind:
    """What sort of answer a reply was. A decline also offers a person, so it is tested first."""
    if abstained:
        return "declined"
    if follow_up:
        return "follow_up"  # a rule still waiting for a fact has not answered yet
    if rule:
        return "rule"
    if handoff:
        return "handoff"
    return "lookup"


class RecordedReply(BaseModel):
    """One reply as kept: the question it answered, not the whole conversation."""

    id: str
    question: str
    answer: str
    abstained: bool
    kind: Kind
    citations: list[str] = Field(description="The ids of the clauses it cited.")
    rule: str | None = None
    created: datetime
    language: str = Field(default="en", description="The BCP 47 tag of the language it was written in.")


class ReviewedReply(RecordedReply):
    """A recorded reply with how the learner rated it, for a person reading it back."""

    rating: Rating | None = Field(default=None, description="Its latest rating, if it has one.")


class ReplyRow(TypedDict):
    """A reply on its way into the store: a plain dict, as thousands a second pass through."""

    id: str
    question: str
    answer: str
    abstained: bool
    kind: Kind
    citations: list[str]
    rule: str | None
    created: datetime
    language: str


class Feedback(BaseModel):
    id: int
    reply_id: str
    rating: Rating
    comment: str | None = None
    created: datetime


class FeedbackEntry(Feedback):
    """A rating with the question and answer it is about, for the agents' list."""

    question: str
    answer: str
    kind: Kind


class Turn(BaseModel):
    """A stored transcript line. Unlike a request's `Message`, it is not held to the input limits:
    what was accepted once is read back as it is."""

    role: Literal["user", "assistant"]
    content: str


class Ticket(BaseModel):
    """A conversation handed to a person: the transcript and what the assistant last said, cited."""

    id: int
    status: Literal["open", "closed"]
    email: str | None = None
    transcript: list[Turn]
    last_reply: Reply | None = Field(
        default=None, description="The assistant's last reply that cited the terms, when there was one."
    )
    created: datetime
    closed: datetime | None = None


class GapQuestion(BaseModel):
    """A question the terms left unanswered: declined, or answered and rated down."""

    reply_id: str
    question: str
    declined: bool
    rated_down: bool
    created: datetime
