"""Properties of the rules over generated inputs (Hypothesis): what must hold for any dates at all."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.rules.age import AgeInputs, minimum_age
from assistant.rules.liability import CapInputs, ClaimInputs, claim_deadline, liability_cap
from assistant.rules.refund import Product, RefundInputs, Via, refund_eligibility
from assistant.rules.registration import RegistrationInputs, registration_expiry
from assistant.rules.specialization import SpecializationInputs, specialization_deadline

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
offsets = st.integers(min_value=0, max_value=60)


@st.composite
def refund_cases(draw: st.DrawFn) -> dict:
    """Inputs for one purchase, without `as_of` (the properties move it)."""
    payment = draw(days)
    product = draw(st.sampled_from(list(Product)))
    launch = draw(st.none() | offsets.map(lambda n: payment + timedelta(days=n - 20)))
    certificate = draw(st.none() | offsets.map(lambda n: payment + timedelta(days=n)))
    return {
        "product": product,
        "payment_date": payment,
        "launch_date": launch,
        "certificate_date": certificate,
        "refund_window_days": draw(st.none() | st.integers(min_value=1, max_value=14)),
        "purchased_via": draw(st.sampled_from(list(Via))),
        "free_trial": draw(st.booleans()),
        "violated_terms": draw(st.booleans()),
    }


@settings(max_examples=300, deadline=None)
@given(refund_cases())
def test_eligibility_never_returns_once_lost(case: dict) -> None:
    outcomes = [
        refund_eligibility(RefundInputs(**case, as_of=case["payment_date"] + timedelta(days=n)))
        for n in range(90)
    ]
    eligible = [o.eligible for o in outcomes]
    if False in eligible:
        lost = eligible.index(False)
        assert all(e is False for e in eligible[lost:]), eligible
    # Whatever day it is asked, the purchase keeps one deadline.
    assert len({o.deadline for o in outcomes}) == 1


@settings(max_examples=300, deadline=None)
@given(refund_cases(), offsets)
def test_a_refund_deadline_is_never_before_the_payment(case: dict, later: int) -> None:
    outcome = refund_eligibility(RefundInputs(**case, as_of=case["payment_date"] + timedelta(days=later)))
    if outcome.deadline is not None:
        assert outcome.deadline >= case["payment_date"]
    if outcome.eligible:
        assert outcome.days_left is not None and outcome.days_left >= 0
        assert outcome.deadline == outcome.days_left * timedelta(days=1) + case["payment_date"] + timedelta(
            days=later
        )


@given(days, offsets)
def test_other_deadlines_come_after_their_start(start: date, later: int) -> None:
    as_of = start + timedelta(days=later)
    assert registration_expiry(
        RegistrationInputs(payment_date=start, as_of=as_of)
    ).expires == start + timedelta(180)
    assert specialization_deadline(SpecializationInputs(purchase_date=start, as_of=as_of)).deadline > start
    assert claim_deadline(ClaimInputs(accrual_date=start, as_of=as_of)).deadline > start
    allowed_from = minimum_age(AgeInputs(birth_date=start, as_of=as_of)).allowed_from
    assert allowed_from is not None and allowed_from > start


@given(days, offsets, offsets)
def test_a_claim_once_barred_stays_barred(accrued: date, first: int, second: int) -> None:
    def barred(n: int) -> bool:
        return claim_deadline(
            ClaimInputs(accrual_date=accrued, as_of=accrued + timedelta(days=330 + n))
        ).barred

    # 330 to 390 days after: the range crosses the deadline, so both outcomes occur.
    early, late = sorted((first, second))
    assert not barred(early) or barred(late)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_the_cap_is_at_least_twenty_dollars_and_the_fees(fees: Decimal) -> None:
    cap = liability_cap(CapInputs(fees_paid_last_6_months_usd=fees)).cap_usd
    assert cap >= 20 and cap >= fees and cap in (20, fees)
