"""`minimum_age`: whether someone is old enough to use Coursera (13), and from when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from dateutil.relativedelta import relativedelta
from pydantic import Field, model_validator

from assistant.languages.catalogues import N_, ngettext
from assistant.languages.catalogues import gettext as _
from assistant.languages.formats import number
from assistant.models import IsoDate
from assistant.rules.pins import Pin
from assistant.rules.rule import Ask, DatedInputs, Outcome, Rule, field_error, long_date

MINIMUM_AGE = 13
FURTHER = N_("Some regions and content offerings may have further requirements.")

PINS = {
    "under_13": Pin(
        "terms-of-use/using-coursera/who-may-use-our-services",
        "Any use or access by anyone under the age of 13 is prohibited",
    ),
    "more": Pin(
        "terms-of-use/using-coursera/who-may-use-our-services",
        "certain regions and Content Offerings may have additional requirements and/or restrictions",
    ),
}


def needs(values: Mapping[str, Any]) -> list[str]:
    """A date of birth, unless an age in years was given instead."""
    return [] if values.get("birth_date") is not None or values.get("age") is not None else ["birth_date"]


class AgeInputs(DatedInputs):
    not_after_as_of: ClassVar[dict[str, str]] = {
        "birth_date": "nobody is born after the day it is checked on",
    }

    birth_date: IsoDate | None = Field(
        default=None, description="The date of birth of the person who would use Coursera."
    )
    age: int | None = Field(
        default=None,
        ge=0,
        le=120,
        description="Their age in whole years, when the date of birth isn't given.",
    )

    @model_validator(mode="after")
    def _one_of_them(self) -> AgeInputs:
        if needs(self.model_dump()):
            raise field_error("birth_date", "is required unless age is given", None)
        return self


class AgeOutcome(Outcome):
    allowed: bool = Field(description="13 or older on as_of.")
    allowed_from: date | None = Field(description="The 13th birthday (unknown from an age alone).")
    age: int = Field(description="Age in whole years on as_of.")


def minimum_age(inputs: AgeInputs) -> AgeOutcome:
    """13 or older may use the services; certain regions and offerings may require more."""
    if inputs.birth_date is None:
        return _by_age(inputs.age or 0)
    # relativedelta counts calendar years and clamps to the month's end: someone born on
    # 2012-02-29 turns 13 on 2025-02-28 by this reading.
    allowed_from = inputs.birth_date + relativedelta(years=MINIMUM_AGE)
    age = relativedelta(inputs.as_of, inputs.birth_date).years
    allowed = inputs.as_of >= allowed_from
    return AgeOutcome(
        allowed=allowed,
        allowed_from=allowed_from,
        age=age,
        explanation=(
            _(
                "Use by anyone under 13 is prohibited; born on {birth}, they are {age} on {as_of}, "
                "so they may "
                "use Coursera."
            )
            if allowed
            else _(
                "Use by anyone under 13 is prohibited; born on {birth}, they are {age} on {as_of}, "
                "so they may "
                "use Coursera from {allowed_from}."
            )
        ).format(
            birth=long_date(inputs.birth_date),
            age=number(age),
            as_of=long_date(inputs.as_of),
            allowed_from=long_date(allowed_from),
        ),
        steps=[
            _("Born on {birth}; age on {as_of}: {age}.").format(
                birth=inputs.birth_date, as_of=inputs.as_of, age=number(age)
            ),
            _("13th birthday: {date}.").format(date=allowed_from),
            _("Allowed.") if allowed else _("Under 13: not allowed yet."),
            _(FURTHER),
        ],
        cited=list(PINS.values()),
    )


def _by_age(age: int) -> AgeOutcome:
    """The same decision from an age in years: the 13th birthday is then known only as a year off."""
    allowed = age >= MINIMUM_AGE
    return AgeOutcome(
        allowed=allowed,
        allowed_from=None,
        age=age,
        explanation=(
            _("Use by anyone under 13 is prohibited; at {age}, they may use Coursera.")
            if allowed
            else _("Use by anyone under 13 is prohibited; at {age}, they may use Coursera once they turn 13.")
        ).format(age=number(age)),
        steps=[
            _("Age: {age}.").format(age=number(age)),
            _("13 or older: allowed.")
            if allowed
            else ngettext(
                "Under 13: not allowed for {n} more year.",
                "Under 13: not allowed for {n} more years.",
                MINIMUM_AGE - age,
            ).format(n=number(MINIMUM_AGE - age)),
            _(FURTHER),
        ],
        cited=list(PINS.values()),
    )


def headline(inputs: AgeInputs, outcome: AgeOutcome) -> str:
    if outcome.allowed:
        return _("Yes: at 13 or older they may use Coursera (some regions and offerings may require more).")
    if outcome.allowed_from is None:
        return _("No: nobody under 13 may use Coursera; they can once they turn 13.")
    return _("No: nobody under 13 may use Coursera; they can from {date}.").format(
        date=long_date(outcome.allowed_from)
    )


RULE = Rule(
    name="minimum_age",
    description="Whether someone is old enough (13) to use Coursera on a given day, and from when.",
    inputs=AgeInputs,
    decide=minimum_age,
    pins=tuple(PINS.values()),
    headline=headline,
    needs=needs,
    slots={"birth_date": "birth_date", "age": "age"},
    asks=(Ask("birth_date", N_("What is the date of birth of the person who would use Coursera?")),),
)
