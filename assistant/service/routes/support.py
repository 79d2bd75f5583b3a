"""The routes between learners and the support team: feedback, handoff to a person, the tickets,
and the content-gap report. Learners rate and hand off; agents (with the token) read and close."""

from __future__ import annotations

import logging
import re
from typing import Annotated, Literal

import numpy as np
from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from assistant.conversation.chat import Chat
from assistant.conversation.handoff import last_question
from assistant.models import IsoDate, Message, Reply, Text
from assistant.service.dependencies import (
    AgentOnly,
    EngineDep,
    MetricsDep,
    RecorderDep,
    StoreDep,
    WorkloadDep,
)
from assistant.service.schemas import ERRORS, MAX_MESSAGES
from assistant.support.gaps import GapReport, gap_report
from assistant.support.records import Feedback, FeedbackEntry, Rating, Ticket, Turn
from assistant.support.store import Store
from assistant.support.tickets import confirmation

log = logging.getLogger(__name__)

router = APIRouter(tags=["support"], responses=ERRORS)

_REPLY_ID = re.compile(r"[0-9a-f]{32}")
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
MAX_TICKET_ID = 2**31 - 1  # an INTEGER column, in PostgreSQL as in SQLite


def _email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.fullmatch(value):
        raise ValueError("is not an email address like name@example.com")
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reply_id": "0" * 32, "rating": "down", "comment": "Not my question"}]
        },
    )

    reply_id: str = Field(max_length=64, description="The `id` of the chat reply being rated.")
    rating: Rating
    comment: Text | None = None


class HandoffRequest(BaseModel):
    """The conversation to hand to a person, as the chat sent it, and where to answer."""

    model_config = ConfigDict(extra="forbid")

    messages: list[Message] = Field(min_length=1, max_length=MAX_MESSAGES)
    email: Email | None = None
    as_of: IsoDate | None = Field(
        default=None, description="The day the conversation's dates are read against."
    )

    @model_validator(mode="after")
    def _has_a_question(self) -> HandoffRequest:
        if not any(message.role == "user" for message in self.messages):
            raise ValueError("the conversation has no message from the learner")
        return self


class Handoff(BaseModel):
    ticket: int
    answer: str = Field(description="What to tell the learner.")


class TicketView(Ticket):
    question: str | None = Field(
        default=None, description="The learner's last question (a request for a person is not one)."
    )
    suggested: Reply | None = Field(
        default=None, description="The assistant's reply to that question, on today's index."
    )


@router.post("/api/feedback", status_code=201, response_model=Feedback)
async def give_feedback(body: FeedbackRequest, recorder: RecorderDep, metrics: MetricsDep) -> Feedback:
    """Rate a chat reply up or down, with an optional comment."""

    def keep(store: Store) -> Feedback | None:
        # On the writer thread, after the replies queued before it: a reply just sent is there.
        return store.add_feedback(body.reply_id, body.rating, body.comment)

    stored = await recorder.run(keep) if _REPLY_ID.fullmatch(body.reply_id) else None
    if stored is None:
        raise HTTPException(404, f"no reply has the id {body.reply_id!r}")
    metrics.feedback.labels(body.rating).inc()
    return stored


@router.get("/api/feedback", response_model=list[FeedbackEntry])
def feedback_list(
    _: AgentOnly,
    store: StoreDep,
    rating: Rating | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[FeedbackEntry]:
    """The latest ratings, each with its question and answer. Agent token required."""
    return store.feedback(rating, limit)


@router.post("/api/handoff", status_code=201, response_model=Handoff)
async def handoff(
    body: HandoffRequest, engine: EngineDep, recorder: RecorderDep, metrics: MetricsDep, workload: WorkloadDep
) -> Handoff:
    """Hand the conversation to a person: opens a ticket with the transcript and the assistant's
    last cited reply, and says what happens next."""
    last = await workload.run(engine.chat.last_cited_reply, body.messages, body.as_of)
    transcript = [Turn(role=message.role, content=message.content) for message in body.messages]
    ticket = await recorder.run(lambda store: store.open_ticket(transcript, body.email, last))
    metrics.tickets.inc()
    log.info("ticket opened", extra={"ticket": ticket.id})
    return Handoff(ticket=ticket.id, answer=confirmation(ticket.id, body.email))


def _suggest(chat: Chat, ticket: Ticket) -> TicketView:
    messages = [Message.model_construct(role=turn.role, content=turn.content) for turn in ticket.transcript]
    position = last_question(messages)
    if position is None:
        return TicketView(**dict(ticket))
    # As of the day the learner wrote: "10 days ago" meant then, not whenever an agent looks.
    suggested = chat.reply(messages[: position + 1], ticket.created.date())
    return TicketView(**dict(ticket), question=messages[position].content, suggested=suggested)


@router.get("/api/tickets", response_model=list[TicketView])
async def tickets(
    _: AgentOnly,
    store: StoreDep,
    engine: EngineDep,
    workload: WorkloadDep,
    status: Literal["open", "closed", "all"] = "open",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[TicketView]:
    """Tickets, the longest waiting first, each with a suggested cited reply. Agent token required."""

    def suggest() -> list[TicketView]:
        found = store.tickets(None if status == "all" else status, limit)
        return [_suggest(engine.chat, ticket) for ticket in found]

    # Up to `limit` replies worked out: a worker thread the workload counts, as for a chat.
    return await workload.run(suggest)


@router.post("/api/tickets/{ticket_id}/close", response_model=Ticket)
async def close_ticket(
    _: AgentOnly, ticket_id: Annotated[int, Path(ge=1, le=MAX_TICKET_ID)], recorder: RecorderDep
) -> Ticket:
    """Close a ticket once it has been answered. Agent token required."""
    closed = await recorder.run(lambda store: store.close_ticket(ticket_id))
    if closed is None:
        raise HTTPException(404, f"no ticket has the number {ticket_id}")
    return closed


@router.get("/api/gaps", response_model=GapReport)
async def gaps(
    _: AgentOnly,
    store: StoreDep,
    engine: EngineDep,
    workload: WorkloadDep,
    days: Annotated[int, Query(ge=1, le=366, description="How far back to look.")] = 30,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many topics.")] = 20,
) -> GapReport:
    """The questions the terms left unanswered (declined, or rated down), grouped by topic, the
    biggest first, with counts and examples. Agent token required."""

    def embed(texts: list[str]) -> np.ndarray:
        # One query at a time through the shared encoder: most are in its cache already (they
        # were asked), and learners' questions are not held up behind a long batch.
        return np.stack([engine.embedder.encode_query(text) for text in texts])

    return await workload.run(gap_report, store, embed, days, limit)
