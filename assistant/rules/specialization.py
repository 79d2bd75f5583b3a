"""`specialization_deadline`: the day a one-time specialization purchase must be completed by."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from assistant.languages.catalogues import gettext as _
from assistant.models import IsoDate
from assistant.rules.pins import Pin
from assistant.rules.rule import PAYMENT_DATE, DatedInputs, Outcome, Rule, days, long_date, one_year_after

PINS = {
    "one_year": Pin(
        "refund-policy/for-one-time-course-and-specialization-purchases#2",
        "you have one year after you purchase a specialization to complete the specialization",
    ),
    "sign_up": Pin(
        "refund-policy/for-one-time-course-and-specialization-purchases#2",
        "Unless otherwise indicated as part of the sign-up process",
    ),
}


class SpecializationInputs(DatedInputs):
    not_after_as_of: ClassVar[dict[str, str]] = {
        "purchase_date": "a purchase can't be later than the day it is checked on",
    }

    purchase_date: IsoDate = Field(description="The day the specialization was bought (a one-time payment).")


class SpecializationOutcome(Outcome):
    deadline: date = Field(
        description="The last day to complete the specialization: one year after purchase."
    )
    passed: bool = Field(description="Whether as_of is after the deadline.")
    days_left: int | None = Field(description="Days from as_of to the deadline, while it has not passed.")


def specialization_deadline(inputs: SpecializationInputs) -> SpecializationOutcome:
    """One year after purchase, unless the sign-up process said otherwise."""
    deadline, left = one_year_after(inputs.purchase_date, inputs.as_of)
    passed = left is None
    return SpecializationOutcome(
        deadline=deadline,
        passed=passed,
        days_left=left,
        explanation=(
            _(
                "Unless the sign-up process said otherwise, a specialization must be completed "
                "within one year "
                "of purchase, so the deadline was {deadline} and it has passed."
            )
            if passed
            else _(
                "Unless the sign-up process said otherwise, a specialization must be completed "
                "within one year "
                "of purchase, so you have until {deadline} ({days} left)."
            )
        ).format(deadline=long_date(deadline), days=days(left or 0)),
        steps=[
            _("Bought the specialization on {date}.").format(date=inputs.purchase_date),
            _("One year after purchase: {date}.").format(date=deadline),
            (_("As of {as_of}: passed.") if passed else _("As of {as_of}: {days} left.")).format(
                as_of=inputs.as_of, days=days(left or 0)
            ),
            _("A different period stated at sign-up takes precedence."),
        ],
        cited=[PINS["sign_up"], PINS["one_year"]],
    )


def headline(inputs: SpecializationInputs, outcome: SpecializationOutcome) -> str:
    if outcome.passed:
        return _("The one-year deadline to complete the specialization passed on {deadline}.").format(
            deadline=long_date(outcome.deadline)
        )
    return _("You have until {deadline} to complete the specialization ({days} left).").format(
        deadline=long_date(outcome.deadline), days=days(outcome.days_left or 0)
    )


RULE = Rule(
    name="specialization_deadline",
    description="The last day to complete a specialization bought with a one-time payment: one year after.",
    inputs=SpecializationInputs,
    decide=specialization_deadline,
    pins=tuple(PINS.values()),
    headline=headline,
    slots={"purchase_date": "payment_date"},
    asks=(PAYMENT_DATE,),
)
