"""The rules, case by case: date tables for each rule, input validation, and verbatim citations."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import pytest
from pydantic import ValidationError

from assistant.rules import RULES
from assistant.rules.refund import RefundInputs
from assistant.rules.rule import DatedInputs
from assistant.settings import ROOT
from assistant.terms.chunks import Chunk, chunk_documents
from assistant.terms.page import load_documents


@pytest.fixture(scope="module")
def clauses() -> dict[str, Chunk]:
    return {chunk.id: chunk for chunk in chunk_documents(load_documents(ROOT / "corpus"))}


def run(name: str, clauses: dict[str, Chunk], **values: Any) -> dict[str, Any]:
    return RULES[name].run(values, clauses).model_dump(mode="json")


def assert_outcome(outcome: dict[str, Any], expected: dict[str, Any]) -> None:
    assert {key: outcome[key] for key in expected} == expected


D = date.fromisoformat

# (inputs, expected outcome fields)
REFUND_TABLE: list[tuple[dict[str, Any], dict[str, Any]]] = [
    # Coursera Plus: the last eligible day is payment + 14, the day after is too late.
    (
        {"product": "coursera_plus", "payment_date": "2025-03-01", "as_of": "2025-03-10"},
        {"eligible": True, "deadline": "2025-03-15", "days_left": 5},
    ),
    (
        {"product": "coursera_plus", "payment_date": "2025-03-01", "as_of": "2025-03-01"},
        {"eligible": True, "deadline": "2025-03-15", "days_left": 14},
    ),
    (
        {"product": "coursera_plus", "payment_date": "2025-03-01", "as_of": "2025-03-15"},
        {"eligible": True, "deadline": "2025-03-15", "days_left": 0},
    ),
    (
        {"product": "coursera_plus", "payment_date": "2025-03-01", "as_of": "2025-03-16"},
        {"eligible": False, "deadline": "2025-03-15", "days_left": None, "reason": "refund_period_over"},
    ),
    # Month and year boundaries, leap and common Februaries.
    (
        {"product": "coursera_plus", "payment_date": "2024-02-15", "as_of": "2024-02-20"},
        {"eligible": True, "deadline": "2024-02-29"},
    ),
    (
        {"product": "coursera_plus", "payment_date": "2023-02-15", "as_of": "2023-02-20"},
        {"eligible": True, "deadline": "2023-03-01"},
    ),
    (
        {"product": "course", "payment_date": "2024-12-25", "as_of": "2025-01-08"},
        {"eligible": True, "deadline": "2025-01-08", "days_left": 0},
    ),
    # A course: the same window, ended early by a certificate earned on or before as_of.
    (
        {"product": "course", "payment_date": "2025-03-01", "as_of": "2025-03-15"},
        {"eligible": True, "deadline": "2025-03-15", "days_left": 0},
    ),
    (
        {"product": "course", "payment_date": "2025-03-01", "as_of": "2025-03-16"},
        {"eligible": False, "reason": "refund_period_over"},
    ),
    (
        {
            "product": "course",
            "payment_date": "2025-03-01",
            "certificate_date": "2025-03-15",
            "as_of": "2025-03-15",
        },
        {"eligible": False, "deadline": "2025-03-15", "days_left": None, "reason": "certificate_earned"},
    ),
    (
        {
            "product": "course",
            "payment_date": "2025-03-01",
            "certificate_date": "2025-03-01",
            "as_of": "2025-03-02",
        },
        {"eligible": False, "reason": "certificate_earned"},
    ),
    (
        {
            "product": "course",
            "payment_date": "2025-03-01",
            "certificate_date": "2025-03-12",
            "as_of": "2025-03-10",
        },
        {"eligible": True, "days_left": 5, "reason": "within_refund_period"},
    ),
    (
        {
            "product": "course",
            "payment_date": "2025-03-01",
            "certificate_date": "2025-03-20",
            "as_of": "2025-03-25",
        },
        {"eligible": False, "reason": "refund_period_over"},
    ),
    # A specialization: any of its courses' certificates ends it.
    (
        {
            "product": "specialization",
            "payment_date": "2025-03-01",
            "certificate_date": "2025-03-05",
            "as_of": "2025-03-10",
        },
        {"eligible": False, "reason": "certificate_earned"},
    ),
    # Pre-enrolment: the 14 days run from the launch, before it and after it.
    (
        {
            "product": "course",
            "payment_date": "2025-02-01",
            "launch_date": "2025-04-01",
            "as_of": "2025-03-10",
        },
        {"eligible": True, "deadline": "2025-04-15", "days_left": 36},
    ),
    (
        {
            "product": "course",
            "payment_date": "2025-02-01",
            "launch_date": "2025-04-01",
            "as_of": "2025-04-10",
        },
        {"eligible": True, "deadline": "2025-04-15", "days_left": 5},
    ),
    (
        {
            "product": "course",
            "payment_date": "2025-02-01",
            "launch_date": "2025-04-01",
            "as_of": "2025-04-15",
        },
        {"eligible": True, "days_left": 0},
    ),
    (
        {
            "product": "course",
            "payment_date": "2025-02-01",
            "launch_date": "2025-04-01",
            "as_of": "2025-04-16",
        },
        {"eligible": False, "deadline": "2025-04-15", "reason": "refund_period_over"},
    ),
    (
        {
            "product": "specialization",
            "payment_date": "2025-01-10",
            "launch_date": "2025-02-20",
            "as_of": "2025-03-10",
        },
        {"eligible": False, "deadline": "2025-03-06"},
    ),
    # A launch before the payment is no pre-enrolment: the payment starts the window.
    (
        {
            "product": "course",
            "payment_date": "2025-03-01",
            "launch_date": "2025-02-01",
            "as_of": "2025-03-10",
        },
        {"eligible": True, "deadline": "2025-03-15"},
    ),
    # A shorter period stated at sign-up replaces the 14 days (from the launch when pre-enrolled).
    (
        {"product": "course", "payment_date": "2025-03-01", "refund_window_days": 7, "as_of": "2025-03-08"},
        {"eligible": True, "deadline": "2025-03-08", "days_left": 0},
    ),
    (
        {"product": "course", "payment_date": "2025-03-01", "refund_window_days": 7, "as_of": "2025-03-09"},
        {"eligible": False, "deadline": "2025-03-08", "reason": "refund_period_over"},
    ),
    (
        {
            "product": "specialization",
            "payment_date": "2025-03-01",
            "launch_date": "2025-04-01",
            "refund_window_days": 7,
            "as_of": "2025-03-10",
        },
        {"eligible": True, "deadline": "2025-04-08"},
    ),
    (
        {"product": "course", "payment_date": "2025-03-01", "refund_window_days": 14, "as_of": "2025-03-10"},
        {"eligible": True, "deadline": "2025-03-15"},
    ),
    (
        {
            "product": "coursera_plus",
            "payment_date": "2025-03-01",
            "refund_window_days": 7,
            "as_of": "2025-03-10",
        },
        {"eligible": True, "deadline": "2025-03-15"},
    ),
    # Leap years: a specialization bought on February 29.
    (
        {"product": "specialization", "payment_date": "2024-02-29", "as_of": "2024-03-14"},
        {"eligible": True, "deadline": "2024-03-14", "days_left": 0},
    ),
    (
        {"product": "specialization", "payment_date": "2024-02-29", "as_of": "2024-03-15"},
        {"eligible": False, "deadline": "2024-03-14"},
    ),
    # Never refunded.
    (
        {"product": "monthly_subscription", "payment_date": "2025-03-09", "as_of": "2025-03-10"},
        {"eligible": False, "deadline": None, "days_left": None, "reason": "not_refundable"},
    ),
    ({"product": "guided_project", "as_of": "2025-03-10"}, {"eligible": False, "reason": "not_refundable"}),
    ({"product": "other", "as_of": "2025-03-10"}, {"eligible": False, "reason": "not_refundable"}),
    (
        {"product": "coursera_plus", "free_trial": True, "as_of": "2025-03-10"},
        {"eligible": False, "deadline": None, "reason": "free_trial"},
    ),
    # Someone else decides.
    ({"product": "degree"}, {"eligible": None, "reason": "content_provider_decides"}),
    (
        {"product": "mastertrack"},
        {"eligible": None, "decided_by": "the content provider offering the program"},
    ),
    (
        {
            "product": "coursera_plus",
            "payment_date": "2025-03-09",
            "purchased_via": "app_store",
            "as_of": "2025-03-10",
        },
        {
            "eligible": None,
            "deadline": None,
            "reason": "marketplace_decides",
            "decided_by": "the Apple App Store",
        },
    ),
    ({"product": "course", "purchased_via": "google_play"}, {"eligible": None, "decided_by": "Google Play"}),
    ({"purchased_via": "in_app"}, {"eligible": None, "reason": "marketplace_decides"}),
    (
        {"product": "course", "purchased_via": "employer"},
        {"eligible": None, "reason": "organization_decides"},
    ),
    (
        {"product": "guided_project", "purchased_via": "employer"},
        {"eligible": None, "reason": "organization_decides"},
    ),
    # A terms or honor code violation: Coursera has no obligation, even inside the period.
    (
        {"product": "course", "payment_date": "2025-03-01", "violated_terms": True, "as_of": "2025-03-10"},
        {"eligible": None, "deadline": "2025-03-15", "days_left": None, "reason": "terms_violated"},
    ),
    (
        {"product": "course", "payment_date": "2025-03-01", "violated_terms": True, "as_of": "2025-03-20"},
        {"eligible": False, "reason": "refund_period_over"},
    ),
]


@pytest.mark.parametrize(("inputs", "expected"), REFUND_TABLE)
def test_refund_eligibility(
    clauses: dict[str, Chunk], inputs: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert_outcome(run("refund_eligibility", clauses, **inputs), expected)


def test_a_violation_is_explained_with_the_policy_s_own_words(clauses: dict[str, Chunk]) -> None:
    outcome = run(
        "refund_eligibility",
        clauses,
        product="course",
        payment_date="2025-03-01",
        violated_terms=True,
        as_of="2025-03-10",
    )
    assert "we have no obligation to offer refunds to users who violate" in outcome["explanation"]
    assert outcome["citations"][0]["id"] == "refund-policy"


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (
            {"payment_date": "2025-01-05", "as_of": "2025-03-10"},
            {"expires": "2025-07-04", "expired": False, "days_left": 116},
        ),
        (
            {"payment_date": "2025-01-05", "as_of": "2025-07-04"},
            {"expires": "2025-07-04", "expired": False, "days_left": 0},
        ),
        ({"payment_date": "2025-01-05", "as_of": "2025-07-05"}, {"expired": True, "days_left": None}),
        ({"payment_date": "2024-01-01", "as_of": "2024-03-01"}, {"expires": "2024-06-29"}),
        (
            {"payment_date": "2024-09-01", "as_of": "2024-10-01", "product": "guided_project"},
            {"expires": "2025-02-28"},
        ),
        ({"payment_date": "2023-09-01", "as_of": "2023-10-01"}, {"expires": "2024-02-28"}),
        ({"product": "guided_project", "purchased_via": "employer"}, {"expires": None, "expired": None}),
    ],
)
def test_registration_expiry(
    clauses: dict[str, Chunk], inputs: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert_outcome(run("registration_expiry", clauses, **inputs), expected)


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        # relativedelta: February 29 plus a year is February 28.
        (
            {"purchase_date": "2024-02-29", "as_of": "2024-12-01"},
            {"deadline": "2025-02-28", "passed": False, "days_left": 89},
        ),
        (
            {"purchase_date": "2024-02-29", "as_of": "2025-02-28"},
            {"deadline": "2025-02-28", "passed": False, "days_left": 0},
        ),
        ({"purchase_date": "2024-02-29", "as_of": "2025-03-01"}, {"passed": True, "days_left": None}),
        ({"purchase_date": "2024-02-28", "as_of": "2024-03-01"}, {"deadline": "2025-02-28"}),
        (
            {"purchase_date": "2023-03-01", "as_of": "2023-03-01"},
            {"deadline": "2024-03-01", "days_left": 366},
        ),
    ],
)
def test_specialization_deadline(
    clauses: dict[str, Chunk], inputs: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert_outcome(run("specialization_deadline", clauses, **inputs), expected)


@pytest.mark.parametrize(
    ("fees", "cap", "basis"),
    [
        (0, 20, "twenty_dollars"),
        ("19.99", 20, "twenty_dollars"),
        (20, 20, "twenty_dollars"),
        ("20.01", 20.01, "fees_paid"),
        (300, 300, "fees_paid"),
    ],
)
def test_liability_cap(clauses: dict[str, Chunk], fees: Any, cap: float, basis: str) -> None:
    assert_outcome(
        run("liability_cap", clauses, fees_paid_last_6_months_usd=fees), {"cap_usd": cap, "basis": basis}
    )


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (
            {"accrual_date": "2024-02-29", "as_of": "2025-02-28"},
            {"deadline": "2025-02-28", "barred": False, "days_left": 0},
        ),
        (
            {"accrual_date": "2024-02-29", "as_of": "2025-03-01"},
            {"deadline": "2025-02-28", "barred": True, "days_left": None},
        ),
        (
            {"accrual_date": "2024-11-02", "as_of": "2025-03-10"},
            {"deadline": "2025-11-02", "barred": False, "days_left": 237},
        ),
    ],
)
def test_claim_deadline(clauses: dict[str, Chunk], inputs: dict[str, Any], expected: dict[str, Any]) -> None:
    assert_outcome(run("claim_deadline", clauses, **inputs), expected)


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (
            {"birth_date": "2010-06-01", "as_of": "2023-05-31"},
            {"allowed": False, "allowed_from": "2023-06-01", "age": 12},
        ),
        ({"birth_date": "2010-06-01", "as_of": "2023-06-01"}, {"allowed": True, "age": 13}),
        # Born on February 29: 13 on February 28 in a common year, by relativedelta's reading.
        (
            {"birth_date": "2012-02-29", "as_of": "2025-02-27"},
            {"allowed": False, "allowed_from": "2025-02-28"},
        ),
        (
            {"birth_date": "2012-02-29", "as_of": "2025-02-28"},
            {"allowed": True, "allowed_from": "2025-02-28"},
        ),
    ],
)
def test_minimum_age(clauses: dict[str, Chunk], inputs: dict[str, Any], expected: dict[str, Any]) -> None:
    assert_outcome(run("minimum_age", clauses, **inputs), expected)


@pytest.mark.parametrize(
    ("name", "inputs", "field", "message"),
    [
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-02-30"},
            "payment_date",
            "not a real calendar date",
        ),
        ("refund_eligibility", {"product": "plus", "payment_date": "2025-02-01"}, "product", "coursera_plus"),
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-03-11", "as_of": "2025-03-10"},
            "payment_date",
            "is after as_of",
        ),
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-03-01", "refund_window_days": 15},
            "refund_window_days",
            "between 1 and 14",
        ),
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-03-01", "refund_window_days": 0},
            "refund_window_days",
            "between 1 and 14",
        ),
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-03-05", "certificate_date": "2025-03-01"},
            "certificate_date",
            "is before payment_date",
        ),
        ("refund_eligibility", {"payment_date": "2025-03-01"}, "product", "is required"),
        ("refund_eligibility", {"product": "specialization"}, "payment_date", "is required"),
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "03/01/2025"},
            "payment_date",
            "YYYY-MM-DD",
        ),
        ("refund_eligibility", {"product": "course", "paid": "2025-03-01"}, "paid", "Extra inputs"),
        (
            "registration_expiry",
            {"payment_date": "2025-04-01", "as_of": "2025-03-10"},
            "payment_date",
            "is after",
        ),
        (
            "specialization_deadline",
            {"purchase_date": "2025-04-01", "as_of": "2025-03-10"},
            "purchase_date",
            "after",
        ),
        ("liability_cap", {"fees_paid_last_6_months_usd": -5}, "fees_paid_last_6_months_usd", "greater than"),
        ("claim_deadline", {"accrual_date": "2025-04-01", "as_of": "2025-03-10"}, "accrual_date", "after"),
        ("minimum_age", {"birth_date": "2025-04-01", "as_of": "2025-03-10"}, "birth_date", "after"),
        ("minimum_age", {}, "birth_date", "required"),
        # Far-off dates are typos, and would overflow the date arithmetic.
        (
            "specialization_deadline",
            {"purchase_date": "9999-06-01", "as_of": "9999-12-31"},
            "as_of",
            "outside",
        ),
        ("minimum_age", {"birth_date": "0001-01-01"}, "birth_date", "outside the dates these rules handle"),
    ],
)
def test_invalid_inputs_name_the_field(name: str, inputs: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RULES[name].validate(inputs)
    problem = caught.value.errors()[0]
    assert problem["loc"] == (field,)
    assert message in problem["msg"]


def test_as_of_defaults_to_today() -> None:
    inputs = RefundInputs.model_validate(
        {"product": "coursera_plus", "payment_date": date.today().isoformat()}
    )
    assert inputs.as_of == date.today()


def test_citations_quote_whole_sentences_verbatim(clauses: dict[str, Chunk]) -> None:
    for inputs, _ in REFUND_TABLE:
        outcome = RULES["refund_eligibility"].run(inputs, clauses)
        assert outcome.citations, inputs
        assert [c.n for c in outcome.citations] == list(range(1, len(outcome.citations) + 1))
        for cited in outcome.citations:
            chunk = clauses[cited.id]
            start = chunk.text.index(cited.quote)
            assert start in {s for s, _ in chunk.spans}
            assert start + len(cited.quote) in {e for _, e in chunk.spans}
            start, end = map(int, cited.url.removeprefix("/terms?quote=").split("#")[0].split("-"))
            assert cited.url.endswith(f"#{cited.id}") and chunk.text[start:end] == cited.quote


def test_each_outcome_explains_itself_in_one_sentence_and_steps(clauses: dict[str, Chunk]) -> None:
    examples: dict[str, dict[str, Any]] = {
        "refund_eligibility": {
            "product": "coursera_plus",
            "payment_date": "2025-03-01",
            "as_of": "2025-03-10",
        },
        "registration_expiry": {"payment_date": "2025-03-01", "as_of": "2025-03-10"},
        "specialization_deadline": {"purchase_date": "2025-03-01", "as_of": "2025-03-10"},
        "liability_cap": {"fees_paid_last_6_months_usd": 50},
        "claim_deadline": {"accrual_date": "2025-03-01", "as_of": "2025-03-10"},
        "minimum_age": {"birth_date": "2000-03-01", "as_of": "2025-03-10"},
    }
    assert set(examples) == set(RULES)
    for name, inputs in examples.items():
        outcome = run(name, clauses, **inputs)
        assert outcome["explanation"].endswith(".") and outcome["explanation"].count(". ") == 0, name
        assert outcome["steps"] and all(isinstance(step, str) for step in outcome["steps"])
        assert outcome["citations"]
        assert "cited" not in outcome  # the pins stay internal; the citations are what callers see


def test_the_plus_answer_cites_its_pin(clauses: dict[str, Chunk]) -> None:
    outcome = run(
        "refund_eligibility", clauses, product="coursera_plus", payment_date="2025-03-01", as_of="2025-03-10"
    )
    assert outcome["citations"][0]["id"] == "refund-policy/for-coursera-plus"
    assert "within 14 days of your payment" in outcome["citations"][0]["quote"]


def test_a_misspelt_not_after_as_of_field_fails_when_the_rule_is_defined():
    with pytest.raises(TypeError, match="names no field: paymnet_date"):

        class Misspelt(DatedInputs):
            not_after_as_of: ClassVar[dict[str, str]] = {"paymnet_date": "a payment can't be later"}
            payment_date: date
