"""Handing a learner to a person, as the conversation sees it: noticing when they ask for one, what
to offer, and which of the assistant's replies rest on the terms. The ticket itself is `support`'s."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.languages.catalogues import N_
from assistant.models import Citation, Message, Reply

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

OFFER = N_(
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


def cited(reply: Reply) -> list[Citation]:
    """Every clause the reply rests on, as numbered in the answer: its citations, then the rule's."""
    seen: dict[str, Citation] = {}
    for citation in [*reply.citations, *(reply.rule.citations if reply.rule else [])]:
        seen.setdefault(citation.id, citation)
    return list(seen.values())
