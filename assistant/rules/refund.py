"""`refund_eligibility`: can a payment still be refunded, until when, and who decides (the refund policy)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, model_validator

from assistant.languages.catalogues import N_
from assistant.languages.catalogues import gettext as _
from assistant.models import IsoDate
from assistant.rules.pins import Pin
from assistant.rules.rule import PAYMENT_DATE, Ask, DatedInputs, Outcome, Rule, days, field_error, long_date


class Product(StrEnum):
    coursera_plus = "coursera_plus"
    monthly_subscription = "monthly_subscription"
    course = "course"
    specialization = "specialization"
    guided_project = "guided_project"
    degree = "degree"
    mastertrack = "mastertrack"
    other = "other"


class Via(StrEnum):
    coursera = "coursera"
    app_store = "app_store"
    google_play = "google_play"
    in_app = "in_app"  # any other in-app or third-party marketplace purchase
    employer = "employer"  # a company, organization or Coursera-sponsored program


class Reason(StrEnum):
    within_refund_period = "within_refund_period"
    refund_period_over = "refund_period_over"
    certificate_earned = "certificate_earned"
    not_refundable = "not_refundable"
    free_trial = "free_trial"
    content_provider_decides = "content_provider_decides"
    marketplace_decides = "marketplace_decides"
    organization_decides = "organization_decides"
    terms_violated = "terms_violated"


# The policy's refund period, in calendar days: the last eligible day is the start + 14 days.
REFUND_DAYS = 14
# Products whose refund runs for a window after payment; a certificate or launch matters only for these two.
WINDOWED = {Product.coursera_plus, Product.course, Product.specialization}
ONE_TIME = {Product.course, Product.specialization}
# Names said inside sentences (English here; `_()` them where they are said).
MARKETPLACES = {
    Via.app_store: N_("the Apple App Store"),
    Via.google_play: N_("Google Play"),
    Via.in_app: N_("the third-party marketplace"),
}
LABELS = {
    Product.coursera_plus: N_("Coursera Plus"),
    Product.monthly_subscription: N_("monthly subscriptions"),
    Product.course: N_("a course"),
    Product.specialization: N_("a specialization"),
    Product.guided_project: N_("guided projects"),
    Product.degree: N_("degree programs"),
    Product.mastertrack: N_("MasterTrack certificate programs"),
    Product.other: N_("other paid services"),
}
COURSERA = N_("Coursera")

_COURSE = "refund-policy/for-one-time-course-and-specialization-purchases"
_SPECIALIZATION = f"{_COURSE}#2"
PINS = {
    "plus": Pin("refund-policy/for-coursera-plus", "within 14 days of your payment"),
    "plus_late": Pin(
        "refund-policy/for-coursera-plus",
        "Refunds will not be provided if requested after this 14-day period",
    ),
    "plus_trial": Pin(
        "refund-policy/for-coursera-plus",
        "Some Coursera Plus subscriptions may have a free trial period instead of a refund period",
    ),
    "plus_trial_billed": Pin("refund-policy/for-coursera-plus", "be unable to request a refund"),
    "monthly": Pin(
        "refund-policy/for-month-to-month-subscriptions",
        "Coursera does not offer refunds for payments made on a month-month subscription plan",
    ),
    "monthly_cancel": Pin(
        "refund-policy/for-month-to-month-subscriptions#2", "but you will not receive a refund"
    ),
    "course": Pin(
        _COURSE,
        "complete refund until 14 days after payment, or until you have earned your course certificate, "
        "whichever is earlier",
    ),
    "course_launch": Pin(_COURSE, "complete refund until 14 days after the course launches"),
    "course_certificate": Pin(
        _COURSE,
        "once you have earned a course certificate with your payment, you are not eligible for a refund "
        "even if it is within 14 days",
    ),
    "course_organization": Pin(
        _COURSE,
        "refunds and cancellations will also be governed by the terms of that contract between your "
        "organization and Coursera",
    ),
    "specialization": Pin(
        _SPECIALIZATION,
        "complete refund until 14 days after payment, or until you earn a course certificate for any course "
        "in the specialization, whichever is earlier",
    ),
    "specialization_launch": Pin(
        _SPECIALIZATION, "complete refund until 14 days after the first course in the specialization launches"
    ),
    "specialization_certificate": Pin(
        _SPECIALIZATION,
        "If you earned your first course certificate for any course in the specialization within 14 days, "
        "you are not eligible for a refund",
    ),
    "shorter": Pin(
        f"{_COURSE}#3", "shorter refund periods may apply to specific courses and specializations"
    ),
    "shorter_stated": Pin(f"{_COURSE}#3", "the shorter period will be stated as part of the sign-up process"),
    "guided": Pin(
        "refund-policy/for-guided-projects",
        "Coursera does not offer refunds for payments made for guided projects",
    ),
    "guided_organization": Pin(
        "refund-policy/for-guided-projects",
        "refunds and cancellations will also be governed by the terms of that contract between your "
        "organization and Coursera",
    ),
    "provider": Pin(
        "refund-policy/for-degree-and-mastertrack-certificate-programs",
        "established and administered by the Content Provider offering the program",
    ),
    "other": Pin(
        "refund-policy/for-other-paid-services",
        "Coursera has no obligation to provide refunds or vouchers for any other services",
    ),
    "marketplace_policy": Pin(
        "refund-policy/third-party-marketplaces",
        "the refund policy applicable to that third party marketplace will apply",
    ),
    "marketplace": Pin(
        "refund-policy/third-party-marketplaces",
        "the third party marketplace will be solely responsible for making refunds under its refund policy",
    ),
    "violation": Pin(
        "refund-policy",
        "we have no obligation to offer refunds to users who violate these or other Coursera policies, "
        "even if their requests are made within the designated refund period",
    ),
}


PRODUCT = Ask(
    "product",
    N_("What did you pay for?"),
    # Quick replies; the conversation reads each one back as its product.
    (
        N_("Coursera Plus"),
        N_("Monthly subscription"),
        N_("Single course"),
        N_("Specialization"),
        N_("Guided project"),
        N_("Degree or MasterTrack"),
    ),
)
LAUNCH_DATE = Ask("launch_date", N_("When does (or did) the course launch?"))
CERTIFICATE_DATE = Ask("certificate_date", N_("When did you earn the course certificate?"))


def _window(value: int) -> int:
    if not 1 <= value <= REFUND_DAYS:
        raise ValueError(
            f"must be between 1 and {REFUND_DAYS}: a period stated at sign-up can only shorten "
            f"the {REFUND_DAYS}-day refund period, not {value}"
        )
    return value


WindowDays = Annotated[int, AfterValidator(_window), Field(json_schema_extra={"minimum": 1, "maximum": 14})]


def needs(values: Mapping[str, Any]) -> list[str]:
    """The facts still needed: the product, then the payment date when a refund window applies."""
    if (values.get("purchased_via") or Via.coursera) != Via.coursera:
        return []  # a marketplace or an organization decides, whatever was bought and whenever
    product = values.get("product")
    if product is None:
        return ["product"]
    trial = product == Product.coursera_plus and values.get("free_trial")
    if product in WINDOWED and not trial and values.get("payment_date") is None:
        return ["payment_date"]
    return []


class RefundInputs(DatedInputs):
    not_after_as_of: ClassVar[dict[str, str]] = {
        "payment_date": "a payment can't be later than the day it is checked on",
    }

    product: Product | None = Field(
        default=None, description="What was paid for; required unless a marketplace or employer was used."
    )
    payment_date: IsoDate | None = Field(
        default=None,
        description="The day of the payment; required for Coursera Plus, courses and specializations.",
    )
    launch_date: IsoDate | None = Field(
        default=None,
        description="Pre-enrolment: the day the course (for a specialization, its first course) launches.",
    )
    certificate_date: IsoDate | None = Field(
        default=None,
        description="The day a course certificate was earned (for a specialization, any of its courses').",
    )
    refund_window_days: WindowDays | None = Field(
        default=None, description="A shorter refund period stated at sign-up (1 to 14 days), e.g. 7."
    )
    purchased_via: Via = Field(default=Via.coursera, description="Where it was bought.")
    free_trial: bool = Field(default=False, description="Coursera Plus only: it began with a free trial.")
    violated_terms: bool = Field(
        default=False, description="The learner violated the terms or the honor code."
    )

    @model_validator(mode="after")
    def _consistent(self) -> RefundInputs:
        for name in needs(self.model_dump()):
            product = f"{self.product.value} " if self.product else ""
            raise field_error(
                name,
                f"is required for a {product}purchase made through Coursera"
                if name == "payment_date"
                else "is required unless purchased_via is a marketplace or employer",
                None,
            )
        if self.certificate_date and self.payment_date and self.certificate_date < self.payment_date:
            raise field_error(
                "certificate_date",
                f"{self.certificate_date} is before payment_date ({self.payment_date}): only a certificate "
                "earned with this payment ends its refund",
                str(self.certificate_date),
            )
        return self


class RefundOutcome(Outcome):
    eligible: bool | None = Field(
        description="true or false, or null when someone other than Coursera decides."
    )
    deadline: date | None = Field(
        description="The last day a refund can be requested, when a window applies."
    )
    days_left: int | None = Field(description="Days from as_of to the deadline, while still eligible.")
    reason: Reason
    decided_by: str = Field(description="Who decides the refund.")


def _outside(inputs: RefundInputs) -> RefundOutcome | None:
    """Refunds Coursera's own windows don't decide: a content provider, a marketplace, an employer."""
    product, via = inputs.product, inputs.purchased_via
    if product in (Product.degree, Product.mastertrack):
        return RefundOutcome(
            eligible=None,
            deadline=None,
            days_left=None,
            reason=Reason.content_provider_decides,
            decided_by=_("the content provider offering the program"),
            explanation=_(
                "Refunds for degree and MasterTrack certificate programs are set and handled by the "
                "university or company offering the program, not by Coursera."
            ),
            steps=[
                _("Product: {product}.").format(product=_(LABELS[product])),
                _("The refund policy leaves these programs' refunds to the content provider offering them."),
                _("Check the refund policy the provider sent when you enrolled, or ask the provider."),
            ],
            cited=[PINS["provider"]],
        )
    if via in MARKETPLACES:
        where = _(MARKETPLACES[via])
        return RefundOutcome(
            eligible=None,
            deadline=None,
            days_left=None,
            reason=Reason.marketplace_decides,
            decided_by=where,
            explanation=_(
                "Purchases made through {where} are refunded under that marketplace's own refund policy, "
                "and Coursera has no refund obligation for them."
            ).format(where=where),
            steps=[
                _("Bought through {where}.").format(where=where),
                _(
                    "Third-party marketplace purchases follow the marketplace's refund policy, not "
                    "Coursera's."
                ),
                _("Request the refund from {where}.").format(where=where),
            ],
            cited=[PINS["marketplace_policy"], PINS["marketplace"]],
        )
    if via == Via.employer:
        pin = (
            PINS["guided_organization"] if product == Product.guided_project else PINS["course_organization"]
        )
        return RefundOutcome(
            eligible=None,
            deadline=None,
            days_left=None,
            reason=Reason.organization_decides,
            decided_by=_("the contract between your organization and Coursera"),
            explanation=_(
                "When a company, organization or Coursera-sponsored program provides the enrolment, refunds "
                "and cancellations are governed by the contract between that organization and Coursera."
            ),
            steps=[
                _("Provided through a company, organization or sponsored program."),
                _("Its contract with Coursera governs refunds and cancellations."),
                _("Ask the organization's Coursera administrator."),
            ],
            cited=[pin],
        )
    return None


def _no_refund(inputs: RefundInputs) -> RefundOutcome | None:
    """Products the policy never refunds."""
    product = inputs.product
    if product == Product.coursera_plus and inputs.free_trial:
        return RefundOutcome(
            eligible=False,
            deadline=None,
            days_left=None,
            reason=Reason.free_trial,
            decided_by=_(COURSERA),
            explanation=_(
                "A Coursera Plus subscription that began with a free trial has the trial instead of a refund "
                "period, so once the trial ends without a cancellation the payment can't be refunded."
            ),
            steps=[
                _("Product: Coursera Plus, started with a free trial."),
                _("The free trial takes the place of the 14-day refund period."),
                _("Not cancelled during the trial: billed in full, and no refund can be requested."),
            ],
            cited=[PINS["plus_trial"], PINS["plus_trial_billed"]],
        )
    pins = {
        Product.monthly_subscription: PINS["monthly"],
        Product.guided_project: PINS["guided"],
        Product.other: PINS["other"],
    }
    if product not in pins:
        return None
    explanation = (
        _(
            "Coursera has no obligation to refund other paid services, unless the refund policy or the "
            "sign-up process for the service says otherwise."
        )
        if product == Product.other
        else _("Coursera does not offer refunds for {product}.").format(product=_(LABELS[product]))
    )
    steps = [
        _("Product: {product}.").format(product=_(LABELS[product])),
        _("The refund policy offers no refund for it."),
    ]
    cited = [pins[product]]
    if product == Product.monthly_subscription:
        steps.append(_("Cancelling stops the next charge; the current month is not refunded."))
        cited.append(PINS["monthly_cancel"])
    return RefundOutcome(
        eligible=False,
        deadline=None,
        days_left=None,
        reason=Reason.not_refundable,
        decided_by=_(COURSERA),
        explanation=explanation,
        steps=steps,
        cited=cited,
    )


def refund_eligibility(inputs: RefundInputs) -> RefundOutcome:
    """Whether the refund policy still offers a refund on `as_of`, until when, or who decides instead."""
    decided = _outside(inputs) or _no_refund(inputs)
    if decided is not None:
        return decided
    product, as_of = inputs.product, inputs.as_of
    payment = inputs.payment_date
    assert product in WINDOWED and payment is not None  # guaranteed by RefundInputs' validation
    one_time = product in ONE_TIME
    key = "specialization" if product == Product.specialization else "course"
    steps = [_("Product: {product}; paid on {date}.").format(product=_(LABELS[product]), date=payment)]
    cited = [PINS[key] if one_time else PINS["plus"]]

    # The days of the period, counted from what ("14 days after payment").
    start, counted_from = payment, _("{days} after payment")
    if one_time and inputs.launch_date is not None and inputs.launch_date > payment:
        start = inputs.launch_date
        counted_from = (
            _("{days} after the launch of the first course")
            if product == Product.specialization
            else _("{days} after the launch")
        )
        steps.append(_("Pre-enrolled: the refund period runs from the launch on {date}.").format(date=start))
        cited.append(PINS[f"{key}_launch"])
    elif not one_time and (inputs.launch_date or inputs.certificate_date or inputs.refund_window_days):
        steps.append(
            _("Launch dates, certificates and shorter periods don't apply to Coursera Plus; ignored.")
        )

    window = REFUND_DAYS
    if one_time and inputs.refund_window_days is not None and inputs.refund_window_days < REFUND_DAYS:
        window = inputs.refund_window_days
        steps.append(
            _("A shorter refund period of {days} was stated at sign-up; it replaces the 14 days.").format(
                days=days(window)
            )
        )
        cited += [PINS["shorter"], PINS["shorter_stated"]]
    deadline = start + timedelta(days=window)
    period = counted_from.format(days=days(window))
    steps.append(
        _("Last day to request a refund: {start} + {days} = {deadline}.").format(
            start=start, days=days(window), deadline=deadline
        )
    )

    certificate = inputs.certificate_date if one_time else None
    if certificate is not None and certificate > as_of:
        steps.append(
            _("The certificate date {date} is after {as_of}: not earned yet, so it doesn't count.").format(
                date=certificate, as_of=as_of
            )
        )
        certificate = None

    def outcome(
        eligible: bool | None, reason: Reason, explanation: str, left: int | None = None
    ) -> RefundOutcome:
        return RefundOutcome(
            eligible=eligible,
            deadline=deadline,
            days_left=left,
            reason=reason,
            decided_by=_(COURSERA),
            explanation=explanation,
            steps=steps,
            cited=cited,
        )

    if as_of > deadline and (certificate is None or certificate > deadline):
        steps.append(
            _("As of {as_of} the refund period is over ({days} late).").format(
                as_of=as_of, days=days((as_of - deadline).days)
            )
        )
        if not one_time:
            cited.append(PINS["plus_late"])
        if inputs.violated_terms:
            steps.append(_("The terms violation doesn't change this: the period is over anyway."))
        return outcome(
            False,
            Reason.refund_period_over,
            _("The refund period ran until {period}, which was {deadline}, so on {as_of} it is over.").format(
                period=period, deadline=long_date(deadline), as_of=long_date(as_of)
            ),
        )
    if certificate is not None:
        steps.append(
            _("A course certificate was earned on {date}: that ends refund eligibility.").format(
                date=certificate
            )
        )
        cited.append(PINS[f"{key}_certificate"])
        return outcome(
            False,
            Reason.certificate_earned,
            _(
                "A course certificate earned on {date} ends refund eligibility, even within the {period}."
            ).format(date=long_date(certificate), period=period),
        )
    left = (deadline - as_of).days
    if inputs.violated_terms:
        steps.append(
            _("Terms or honor code violated: Coursera has no obligation to refund, even within the period.")
        )
        cited.insert(0, PINS["violation"])
        return outcome(
            None,
            Reason.terms_violated,
            _(
                "Coursera's refund policy says “{quote}”, so a refund is Coursera's decision even though the "
                "period runs until {deadline}."
            ).format(quote=PINS["violation"].quote, deadline=long_date(deadline)),
        )
    steps.append(_("As of {as_of}: {days} left.").format(as_of=as_of, days=days(left)))
    return outcome(
        True,
        Reason.within_refund_period,
        _("A full refund is offered until {period} ({start}).").format(period=period, start=long_date(start)),
        left,
    )


def headline(inputs: RefundInputs, outcome: RefundOutcome) -> str:
    """The result in plain words: "Yes: you can get a full refund until March 15, 2025 (5 days left)."""
    reason = outcome.reason
    if reason == Reason.within_refund_period:
        assert outcome.deadline is not None and outcome.days_left is not None
        left = (
            _("today is the last day")
            if outcome.days_left == 0
            else _("{days} left").format(days=days(outcome.days_left))
        )
        return _("Yes: you can get a full refund until {deadline} ({left}).").format(
            deadline=long_date(outcome.deadline), left=left
        )
    if reason == Reason.refund_period_over:
        assert outcome.deadline is not None
        return _("No: the refund period ended on {deadline}.").format(deadline=long_date(outcome.deadline))
    if reason == Reason.certificate_earned:
        return _("No: once a course certificate has been earned with the payment, it can't be refunded.")
    if reason == Reason.free_trial:
        return _(
            "No: a Coursera Plus plan that started with a free trial has no refund period after the trial."
        )
    if reason == Reason.not_refundable:
        assert inputs.product is not None
        return _("No: Coursera does not offer refunds for {product}.").format(
            product=_(LABELS[inputs.product])
        )
    if reason == Reason.terms_violated:
        return _(
            "Not guaranteed: Coursera has no obligation to refund users who violated its terms or honor code."
        )
    return _("Coursera doesn't decide this refund: {who} does.").format(who=outcome.decided_by)


def pre_enrolment(values: Mapping[str, Any], facts: Mapping[str, Any]) -> tuple[str, str] | None:
    """A pre-enrolled course or specialization counts from its launch, so ask for the launch date."""
    pre_enrolled = (
        facts.get("pre_enrolled")
        and values.get("product") in (Product.course, Product.specialization)
        and values.get("purchased_via", Via.coursera) == Via.coursera
        and "launch_date" not in values
    )
    return (
        ("launch_date", _("When you pre-enrol, the refund period runs from the launch."))
        if pre_enrolled
        else None
    )


RULE = Rule(
    name="refund_eligibility",
    description="Whether a payment can still be refunded until when, or who decides.",
    inputs=RefundInputs,
    decide=refund_eligibility,
    pins=tuple(PINS.values()),
    headline=headline,
    needs=needs,
    slots={
        "product": "product",
        "payment_date": "payment_date",
        "launch_date": "launch_date",
        "certificate_date": "certificate_date",
        "refund_window_days": "refund_window_days",
        "purchased_via": "purchased_via",
        "free_trial": "free_trial",
        "violated_terms": "violated_terms",
    },
    asks=(PRODUCT, PAYMENT_DATE, LAUNCH_DATE, CERTIFICATE_DATE),
    extra_question=pre_enrolment,
)
