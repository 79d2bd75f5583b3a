"""The rules: deterministic answers to computable questions, each citing the clauses it implements.

Each rule is one module: its typed inputs, a pure decision, its outcome, the clauses it pins, and
what a conversation needs to know to run it (which slots fill which inputs, the follow-up
questions). `RULES` is the registry the chat, the API and the CLI look rules up in; `check_pins`
is the drift guard run when the index is built and when the app starts.

It imports only `assistant.rules` and `assistant.models`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.rules import age, liability, refund, registration, specialization
from assistant.rules.pins import Clause, Pin, PinDrift, drift
from assistant.rules.rule import Ask, Outcome, Rule, RuleInputs

RULES: dict[str, Rule[Any, Any]] = {
    rule.name: rule
    for rule in (
        refund.RULE,
        registration.RULE,
        specialization.RULE,
        liability.CAP_RULE,
        liability.CLAIM_RULE,
        age.RULE,
    )
}


def check_pins(chunks: Iterable[Clause]) -> None:
    """Raise PinDrift, naming the rule, clause and quote, when any rule's pinned quote is gone."""
    clauses = {chunk.id: chunk for chunk in chunks}
    problems = [line for rule in RULES.values() for line in drift(rule.name, rule.pins, clauses)]
    if problems:
        raise PinDrift(
            "the terms changed under a rule: "
            + "; ".join(problems)
            + ". Update the rule, then rebuild the index."
        )


__all__ = ["RULES", "Ask", "Clause", "Outcome", "Pin", "PinDrift", "Rule", "RuleInputs", "check_pins"]
