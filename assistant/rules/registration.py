"""`registration_expiry`: when a paid course or guided project registration runs out (180 days)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from assistant.models import IsoDate
from assistant.rules.pins import Pin
from assistant.rules.rule import (
    PAYMENT_DATE,
    DatedInputs,
    Outcome,
    Rule,
    days,
    days_left,
    field_error,
    long_date,
)

REGISTRATION_DAYS = 180

PINS = {
    "course": Pin(
        "refund-policy/for-one-time-course-and-specialization-purchases",
        "If you do not earn your course certificate within 180 days, your registration will expire",
    ),
    "course_organization": Pin(
        "refund-policy/for-one-time-course-and-specialization-purchases",
        "you can earn your certificate as long as your company's contract with Coursera is active",
    ),
    "guided_project": Pin(
        "refund-policy/for-guided-projects",
        "If you do not earn your completion certificate within 180 days after registering for a guided "
        "project, "
        "your registration will expire",
    ),
    "guided_project_organization": Pin(
        "refund-policy/for-guided-projects",
        "you can earn your certificate as long as your company's contract with Coursera is active",
    ),
}


def needs(values: Mapping[str, Any]) -> list[str]:
    """The payment date, unless an organization's contract sets the registration's length."""
    if values.get("purchased_via") == "employer" or values.get("payment_date") is not None:
        return []
    return ["payment_date"]


class RegistrationInputs(DatedInputs):
    not_after_as_of: ClassVar[dict[str, str]] = {
        "payment_date": "a payment can't be later than the day it is checked on",
    }

    payment_date: IsoDate | None = Field(
        default=None,
        description="The day the course or guided project was paid for; not needed via an employer.",
    )
    product: Literal["course", "guided_project"] = Field(
        default="course", description="What was registered for."
    )
    purchased_via: Literal["coursera", "employer"] = Field(
        default="coursera", description="`employer`: through a company, organization or sponsored program."
    )

    @model_validator(mode="after")
    def _consistent(self) -> RegistrationInputs:
        for name in needs(self.model_dump()):
            raise field_error(name, "is required unless purchased_via is employer", None)
        return self


class RegistrationOutcome(Outcome):
    expires: date | None = Field(description="The last day of the registration (payment + 180 days).")
    expired: bool | None = Field(description="Whether as_of is after `expires`.")
    days_left: int | None = Field(description="Days from as_of to `expires`, while not expired.")


def registration_expiry(inputs: RegistrationInputs) -> RegistrationOutcome:
    """The day a registration runs out when no certificate has been earned by then."""
    label = "course" if inputs.product == "course" else "guided project"
    if inputs.purchased_via == "employer":
        return RegistrationOutcome(
            expires=None,
            expired=None,
            days_left=None,
            explanation=(
                f"Through a company, organization or sponsored program, a {label} registration lasts as "
                "long as "
                "that organization's contract with Coursera (or the sponsored program) and your access "
                "under it."
            ),
            steps=[
                f"A {label} provided through an organization or sponsored program.",
                "The 180-day limit gives way to the organization's contract with Coursera.",
                "Ask the organization's Coursera administrator how long your access lasts.",
            ],
            cited=[PINS[f"{inputs.product}_organization"]],
        )
    assert inputs.payment_date is not None  # guaranteed by RegistrationInputs' validation
    # "Within 180 days" is read like "within 14 days": the last day of the registration is payment + 180.
    expires = inputs.payment_date + timedelta(days=REGISTRATION_DAYS)
    left = days_left(expires, inputs.as_of)
    expired = left is None
    steps = [
        f"Paid for the {label} on {inputs.payment_date}.",
        f"Registration lasts {REGISTRATION_DAYS} days: until {expires}.",
        f"As of {inputs.as_of}: "
        + (
            "expired; paying again re-enrols."
            if expired
            else f"{days(left or 0)} left to earn the certificate."
        ),
    ]
    explanation = (
        f"A {label} registration runs out {REGISTRATION_DAYS} days after payment unless the certificate is "
        "earned, "
        + (
            f"so it expired after {long_date(expires)} and re-enrolling means paying again."
            if expired
            else f"so you have until {long_date(expires)} ({days(left or 0)} left)."
        )
    )
    return RegistrationOutcome(
        expires=expires,
        expired=expired,
        days_left=left,
        explanation=explanation,
        steps=steps,
        cited=[PINS[inputs.product]],
    )


def headline(inputs: RegistrationInputs, outcome: RegistrationOutcome) -> str:
    if outcome.expires is None:
        return "Your registration lasts as long as your organization's contract with Coursera."
    if outcome.expired:
        return f"Your registration expired after {long_date(outcome.expires)}."
    return f"Your registration runs until {long_date(outcome.expires)} ({days(outcome.days_left or 0)} left)."


RULE = Rule(
    name="registration_expiry",
    description="When a paid course or guided project registration expires: 180 days after payment.",
    inputs=RegistrationInputs,
    decide=registration_expiry,
    pins=tuple(PINS.values()),
    headline=headline,
    needs=needs,
    slots={"payment_date": "payment_date", "product": "product", "purchased_via": "purchased_via"},
    asks=(PAYMENT_DATE,),
)
