"""Computed answers in a conversation: a rule's inputs from the slots, then its answer or a follow-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from assistant.chunks import Chunk
from assistant.rules import RULES, Rule
from assistant.rules.rule import AFTER_AS_OF, long_date
from assistant.schemas import Citation, FollowUp, RuleAnswer
from assistant.slots import DATE_SLOTS, PRODUCT_OPTIONS, QUESTIONS, SOURCES, Slots, Understanding


@dataclass(frozen=True)
class Computed:
    """The rule's side of a reply: its answer and citations, or the question that is still open."""

    answer: str
    citations: list[Citation]
    rule: RuleAnswer | None = None
    follow_up: FollowUp | None = None


def inputs_for(name: str, slots: Slots, as_of: date) -> dict[str, Any]:
    """The rule's inputs that the conversation has given, with `as_of` for the rules that take it."""
    values = {field: getattr(slots, slot) for field, slot in SOURCES[name].items()}
    if "as_of" in RULES[name].inputs.model_fields:
        values["as_of"] = as_of
    return {field: value for field, value in values.items() if value is not None}


def _open_question(rule: Rule[Any, Any], values: Mapping[str, Any], slots: Slots) -> tuple[str, str] | None:
    """The slot to ask for next and a note to put before the question, or None when nothing is missing."""
    used = SOURCES[rule.name]
    for field, slot in used.items():
        if slot in slots.unclear and field not in values:
            return slot, slots.unclear[slot]
    missing = rule.missing(values)
    if missing:
        return used[missing[0]], ""
    pre_enrolled = (
        rule.name == "refund_eligibility"
        and slots.pre_enrolled
        and values.get("product") in ("course", "specialization")
        and values.get("purchased_via", "coursera") == "coursera"
        and "launch_date" not in values
    )
    if pre_enrolled:
        return "launch_date", "When you pre-enrol, the refund period runs from the launch."
    return None


def follow_up(slot: str, note: str = "") -> Computed:
    question = QUESTIONS[slot]
    options = list(PRODUCT_OPTIONS) if slot == "product" else []
    return Computed(
        answer=f"{note} {question}".strip(),
        citations=[],
        follow_up=FollowUp(slot=slot, question=question, options=options),
    )


def _problem_note(error: ValidationError, value: Any, as_of: date) -> str:
    problem = error.errors()[0]
    if isinstance(value, date) and problem["type"] == AFTER_AS_OF:
        return f"{long_date(value)} is later than today ({long_date(as_of)})."
    return f"That date doesn't work: {problem['msg']}."


def answer(rule: Rule[Any, Any], inputs: Any, outcome: Any) -> Computed:
    """The result in plain words, the explanation, then each clause applied, quoted verbatim."""
    lines = [rule.headline(inputs, outcome), outcome.explanation]
    lines += [f"{c.title} [{c.n}]: “{c.quote}”" for c in outcome.citations]
    return Computed(
        answer="\n\n".join(lines),
        citations=outcome.citations,
        rule=RuleAnswer(
            name=rule.name,
            inputs=inputs.model_dump(mode="json"),
            outcome=outcome.model_dump(mode="json", exclude={"citations"}),
            citations=outcome.citations,
        ),
    )


def respond(understood: Understanding, as_of: date, clauses: Mapping[str, Chunk]) -> Computed:
    """Run the rule the conversation asks for, or ask for the fact it still lacks."""
    assert understood.intent is not None
    rule = RULES[understood.intent]
    values = inputs_for(rule.name, understood.slots, as_of)
    while True:
        open_question = _open_question(rule, values, understood.slots)
        if open_question is not None:
            return follow_up(*open_question)
        try:
            inputs = rule.validate(values)
        except ValidationError as error:
            field = str(error.errors()[0]["loc"][0])
            slot = SOURCES[rule.name].get(field)
            if slot in DATE_SLOTS:
                return follow_up(slot, _problem_note(error, values.get(field), as_of))
            if slot is None or field not in values:
                # The day asked about (as_of) is unusable: no answer from the learner can fix that.
                message = str(error.errors()[0]["msg"])
                return Computed(answer=f"I can't work this out for that day: {message}.", citations=[])
            # A value the conversation can't ask about again (a 30-day "shorter" period): leave it out.
            del values[field]
            continue
        return answer(rule, inputs, rule.run(inputs, clauses))
