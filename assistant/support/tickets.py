"""What a learner is told when their conversation becomes a ticket."""

from __future__ import annotations


def confirmation(ticket: int, email: str | None) -> str:
    """What the learner is told once the ticket is open."""
    where = f" by email at {email}" if email else ""
    return (
        f"Thanks: a person on the support team will read this conversation and follow up{where}. "
        f"Your ticket number is {ticket}."
    )
