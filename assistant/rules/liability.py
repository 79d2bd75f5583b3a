"""The limitation of liability: `liability_cap` (how much at most) and `claim_deadline` (by when)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, PlainSerializer

from assistant.languages.catalogues import N_
from assistant.languages.catalogues import gettext as _
from assistant.languages.formats import dollars
from assistant.models import IsoDate
from assistant.rules.pins import Pin
from assistant.rules.rule import Ask, DatedInputs, Outcome, Rule, RuleInputs, days, long_date, one_year_after

FLOOR_USD = Decimal(20)

# Money is exact in Python and a plain number in JSON.
Usd = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]

CAP_PINS = {
    "twenty": Pin("terms-of-use/limitation-of-liability", "exceed twenty U.S. dollars ($20)"),
    "fees": Pin(
        "terms-of-use/limitation-of-liability",
        "fees received by Coursera from you for the use of paid services during the past six months, "
        "whichever is greater",
    ),
}
CLAIM_PINS = {
    "one_year": Pin(
        "terms-of-use/limitation-of-liability#2",
        "any cause of action related to the services must commence within one (1) year after the cause of "
        "action accrues",
    ),
    "barred": Pin("terms-of-use/limitation-of-liability#2", "such cause of action is permanently barred"),
}


class CapInputs(RuleInputs):
    fees_paid_last_6_months_usd: Usd = Field(
        ge=0,
        decimal_places=2,
        description="Fees paid to Coursera for paid services in the past six months, in USD.",
    )


class CapOutcome(Outcome):
    cap_usd: Usd = Field(
        description="The most Coursera is liable for, for all claims together: max($20, fees)."
    )
    basis: Literal["twenty_dollars", "fees_paid"] = Field(description="Which of the two amounts is greater.")


def liability_cap(inputs: CapInputs) -> CapOutcome:
    """The greater of $20 and the fees paid in the past six months."""
    fees = inputs.fees_paid_last_6_months_usd
    cap = max(FLOOR_USD, fees)
    basis: Literal["twenty_dollars", "fees_paid"] = "fees_paid" if fees > FLOOR_USD else "twenty_dollars"
    return CapOutcome(
        cap_usd=cap,
        basis=basis,
        explanation=_(
            "Coursera's total liability for all claims about the services is capped at the greater "
            "of {floor} "
            "and the fees you paid in the past six months ({fees}), which is {cap}."
        ).format(floor=dollars(FLOOR_USD), fees=dollars(fees), cap=dollars(cap)),
        steps=[
            _("Fees paid to Coursera in the past six months: {fees}.").format(fees=dollars(fees)),
            _("Cap = the greater of {floor} and {fees} = {cap}.").format(
                floor=dollars(FLOOR_USD), fees=dollars(fees), cap=dollars(cap)
            ),
            _("The cap applies to the maximum extent permitted by law, for all claims together."),
        ],
        cited=list(CAP_PINS.values()),
    )


def cap_headline(inputs: CapInputs, outcome: CapOutcome) -> str:
    return _("Coursera's liability to you is capped at {cap} for all claims together.").format(
        cap=dollars(outcome.cap_usd)
    )


class ClaimInputs(DatedInputs):
    not_after_as_of: ClassVar[dict[str, str]] = {
        "accrual_date": "a claim can't arise later than the day it is checked on",
    }

    accrual_date: IsoDate = Field(
        description="The day the cause of action arose (when the problem happened)."
    )


class ClaimOutcome(Outcome):
    deadline: date = Field(description="The last day to start a claim: one year after it accrued.")
    barred: bool = Field(description="Whether as_of is after the deadline.")
    days_left: int | None = Field(description="Days from as_of to the deadline, while not barred.")


def claim_deadline(inputs: ClaimInputs) -> ClaimOutcome:
    """One year after the cause of action accrues."""
    deadline, left = one_year_after(inputs.accrual_date, inputs.as_of)
    barred = left is None
    return ClaimOutcome(
        deadline=deadline,
        barred=barred,
        days_left=left,
        explanation=(
            _(
                "A claim related to the services must be started within one year after it arises, so "
                "the last "
                "day was {deadline} and it is now permanently barred."
            )
            if barred
            else _(
                "A claim related to the services must be started within one year after it arises, so it must "
                "be started by {deadline} ({days} left)."
            )
        ).format(deadline=long_date(deadline), days=days(left or 0)),
        steps=[
            _("The cause of action arose on {date}.").format(date=inputs.accrual_date),
            _("One year after: {date}.").format(date=deadline),
            (_("As of {as_of}: barred.") if barred else _("As of {as_of}: {days} left.")).format(
                as_of=inputs.as_of, days=days(left or 0)
            ),
        ],
        cited=[CLAIM_PINS["one_year"], CLAIM_PINS["barred"]] if barred else [CLAIM_PINS["one_year"]],
    )


def claim_headline(inputs: ClaimInputs, outcome: ClaimOutcome) -> str:
    if outcome.barred:
        return _("Too late: a claim had to be started by {deadline}.").format(
            deadline=long_date(outcome.deadline)
        )
    return _("A claim must be started by {deadline} ({days} left).").format(
        deadline=long_date(outcome.deadline), days=days(outcome.days_left or 0)
    )


CAP_RULE = Rule(
    name="liability_cap",
    description="The most Coursera is liable for: the greater of $20 and six months' fees.",
    inputs=CapInputs,
    decide=liability_cap,
    pins=tuple(CAP_PINS.values()),
    headline=cap_headline,
    slots={"fees_paid_last_6_months_usd": "amount_usd"},
    asks=(Ask("amount_usd", N_("How much have you paid Coursera in the past six months, in US dollars?")),),
)

CLAIM_RULE = Rule(
    name="claim_deadline",
    description="The last day to start a claim related to the services: one year after it arises.",
    inputs=ClaimInputs,
    decide=claim_deadline,
    pins=tuple(CLAIM_PINS.values()),
    headline=claim_headline,
    slots={"accrual_date": "accrual_date"},
    asks=(Ask("accrual_date", N_("When did the problem your claim is about happen?")),),
)
