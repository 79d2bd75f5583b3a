"""A rule's answer in a conversation: its inputs read from the slots, then its outcome in words, or
the follow-up question for the fact it still lacks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from assistant.conversation.quotes import introduced
from assistant.conversation.slots import DATE_SLOTS, QUESTIONS, Slots, Understanding
from assistant.languages.catalogues import current
from assistant.languages.catalogues import gettext as _
from assistant.languages.supported import ENGLISH
from assistant.models import Citation, FollowUp, RuleAnswer
from assistant.rules import RULES, Clause, Rule
from assistant.rules.rule import AFTER_AS_OF, long_date


@dataclass(frozen=True)
class Computed:
    """The rule's side of a reply: its answer and citations, or the question that is still open."""

    answer: str
    citations: list[Citation]
    rule: RuleAnswer | None = None
    follow_up: FollowUp | None = None


def inputs_for(rule: Rule[Any, Any], slots: Slots, as_of: date) -> dict[str, Any]:
    """The rule's inputs that the conversation has given, with `as_of` for the rules that take it."""
    values = {field: getattr(slots, slot) for field, slot in rule.slots.items()}
    if "as_of" in rule.inputs.model_fields:
        values["as_of"] = as_of
    return {field: value for field, value in values.items() if value is not None}


def _open_question(rule: Rule[Any, Any], values: Mapping[str, Any], slots: Slots) -> tuple[str, str] | None:
    """The slot to ask for next and a note to put before the question, or None when nothing is missing."""
    for field, slot in rule.slots.items():
        if slot in slots.unclear and field not in values:
            return slot, slots.unclear[slot]
    missing = rule.missing(values)
    if missing:
        return rule.slots[missing[0]], ""
    if rule.extra_question is not None:
        return rule.extra_question(values, vars(slots))
    return None


def follow_up(slot: str, note: str = "") -> Computed:
    ask = QUESTIONS[slot]
    question = _(ask.question)
    return Computed(
        answer=f"{note} {question}".strip(),
        citations=[],
        follow_up=FollowUp(slot=slot, question=question, options=[_(option) for option in ask.options]),
    )


def _problem_note(error: ValidationError, value: Any, as_of: date) -> str:
    problem = error.errors()[0]
    if isinstance(value, date) and problem["type"] == AFTER_AS_OF:
        later = _("{date} is later than today ({today}).")
        return later.format(date=long_date(value), today=long_date(as_of))
    return _("That date doesn't work: {problem}.").format(problem=problem["msg"])


def answer(rule: Rule[Any, Any], inputs: Any, outcome: Any) -> Computed:
    """The result in plain words, the explanation, then each clause applied, quoted verbatim."""
    lines = [rule.headline(inputs, outcome), outcome.explanation]
    # The terms' own words: in another language, said to be the English text of the terms.
    if current() == ENGLISH:
        lines += [f"{c.title} [{c.n}]: “{c.quote}”" for c in outcome.citations]
    else:
        lines += [introduced(c.title, c.n, c.quote, also=c.n > 1) for c in outcome.citations]
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


def respond(understood: Understanding, as_of: date, clauses: Mapping[str, Clause]) -> Computed:
    """Run the rule the conversation asks for, or ask for the fact it still lacks."""
    assert understood.intent is not None
    rule = RULES[understood.intent]
    values = inputs_for(rule, understood.slots, as_of)
    while True:
        open_question = _open_question(rule, values, understood.slots)
        if open_question is not None:
            return follow_up(*open_question)
        try:
            inputs = rule.validate(values)
        except ValidationError as error:
            field = str(error.errors()[0]["loc"][0])
            slot = rule.slots.get(field)
            if slot in DATE_SLOTS:
                return follow_up(slot, _problem_note(error, values.get(field), as_of))
            if slot is None or field not in values:
                # The day asked about (as_of) is unusable: no answer from the learner can fix that.
                message = str(error.errors()[0]["msg"])
                return Computed(
                    answer=_("I can't work this out for that day: {problem}.").format(problem=message),
                    citations=[],
                )
            # A value the conversation can't ask about again (a 30-day "shorter" period): leave it out.
            del values[field]
            continue
        return answer(rule, inputs, rule.run(inputs, clauses))
