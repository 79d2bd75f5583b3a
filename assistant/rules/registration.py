"""`registration_expiry`: when a paid course or guided project registration runs out (180 days)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from assistant.languages.catalogues import N_
from assistant.languages.catalogues import gettext as _
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
# What was registered for, said inside sentences ("a {product} registration").
LABELS = {"course": N_("course"), "guided_project": N_("guided project")}

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
    label = _(LABELS[inputs.product])
    if inputs.purchased_via == "employer":
        return RegistrationOutcome(
            expires=None,
            expired=None,
            days_left=None,
            explanation=_(
                "Through a company, organization or sponsored program, a {product} registration "
                "lasts as long "
                "as that organization's contract with Coursera (or the sponsored program) and your access "
                "under it."
            ).format(product=label),
            steps=[
                _("A {product} provided through an organization or sponsored program.").format(product=label),
                _("The 180-day limit gives way to the organization's contract with Coursera."),
                _("Ask the organization's Coursera administrator how long your access lasts."),
            ],
            cited=[PINS[f"{inputs.product}_organization"]],
        )
    assert inputs.payment_date is not None  # guaranteed by RegistrationInputs' validation
    # "Within 180 days" is read like "within 14 days": the last day of the registration is payment + 180.
    expires = inputs.payment_date + timedelta(days=REGISTRATION_DAYS)
    left = days_left(expires, inputs.as_of)
    expired = left is None
    steps = [
        _("Paid for the {product} on {date}.").format(product=label, date=inputs.payment_date),
        _("Registration lasts {days}: until {date}.").format(days=days(REGISTRATION_DAYS), date=expires),
        (
            _("As of {as_of}: expired; paying again re-enrols.")
            if expired
            else _("As of {as_of}: {days} left to earn the certificate.")
        ).format(as_of=inputs.as_of, days=days(left or 0)),
    ]
    explanation = (
        _(
            "A {product} registration runs out {period} after payment unless the certificate is "
            "earned, so it "
            "expired after {date} and re-enrolling means paying again."
        )
        if expired
        else _(
            "A {product} registration runs out {period} after payment unless the certificate is "
            "earned, so you "
            "have until {date} ({days} left)."
        )
    ).format(product=label, period=days(REGISTRATION_DAYS), date=long_date(expires), days=days(left or 0))
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
        return _("Your registration lasts as long as your organization's contract with Coursera.")
    if outcome.expired:
        return _("Your registration expired after {date}.").format(date=long_date(outcome.expires))
    return _("Your registration runs until {date} ({days} left).").format(
        date=long_date(outcome.expires), days=days(outcome.days_left or 0)
    )


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
