"""Handing a learner to a person: noticing when they ask for one, and what to say and keep."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from assistant.schemas import Citation, Message, Reply

if TYPE_CHECKING:
    from assistant.chat import Chat  # which imports this module

# A request for a person is a verb of talking (or a want) aimed at a person, said outright.
# "agent" alone is not enough: "Agent note: ..." and "my agent may send the notice" are questions.
_PERSON = (
    r"(?:a |an |some |to a |with a )?(?:real |live |actual )?"
    r"(?:human(?: being| agent)?|person|someone|somebody|"
    r"(?:support |customer service |customer support |service )?(?:agent|representative|rep|staff)"
    r"|(?:the )?support team|customer (?:service|support))"
)
_ASKS_FOR_PERSON = re.compile(
    r"\b(?:talk|speak|chat|get through|be put through)\s+(?:to|with)\s+" + _PERSON + r"\b"
    r"|\b(?:connect|transfer|put)\s+me\s+(?:to|with|through to)\s+" + _PERSON + r"\b"
    r"|\b(?:i\s+(?:want|need|would like|'d like)|can i (?:have|get)|get me)\s+" + _PERSON + r"\b"
    r"|\bhuman (?:agent|support|help)\b|\breal person\b",
    re.IGNORECASE,
)

# Questions looked back at for a cited reply: each one is answered again.
TRIES = 3

OFFER = (
    "I can pass this conversation to a person on the support team, who will follow up. "
    "Choose “Talk to a person” to send it, with your email if you would like the answer there."
)


def wants_person(text: str) -> bool:
    """Whether a message asks to be put through to a person rather than asking the terms."""
    return _ASKS_FOR_PERSON.search(text) is not None


def last_question(messages: Sequence[Message]) -> int | None:
    """The position of the learner's last real question: the last user turn that is not a request
    for a person. None when there is none."""
    for position in range(len(messages) - 1, -1, -1):
        message = messages[position]
        if message.role == "user" and not wants_person(message.content):
            return position
    return None


def confirmation(ticket: int, email: str | None) -> str:
    """What the learner is told once the ticket is open."""
    where = f" by email at {email}" if email else ""
    return (
        f"Thanks: a person on the support team will read this conversation and follow up{where}. "
        f"Your ticket number is {ticket}."
    )


def cited(reply: Reply) -> list[Citation]:
    """Every clause the reply rests on, as numbered in the answer: its citations, then the rule's."""
    seen: dict[str, Citation] = {}
    for citation in [*reply.citations, *(reply.rule.citations if reply.rule else [])]:
        seen.setdefault(citation.id, citation)
    return list(seen.values())


def last_cited_reply(chat: Chat, messages: Sequence[Message], as_of: date) -> Reply | None:
    """The assistant's last reply that cited the terms, worked out again from the transcript (the
    chat is deterministic for a conversation and a day). Looks back at most `TRIES` questions."""
    end = len(messages)
    for _ in range(TRIES):
        position = last_question(messages[:end])
        if position is None:
            break
        reply = chat.reply(list(messages[: position + 1]), as_of)
        if cited(reply):
            return reply
        end = position
    return None
