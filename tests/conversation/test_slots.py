"""Reading a conversation: intents, products, marketplaces, dates (which is which), amounts, periods."""

from __future__ import annotations

import socket
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import pytest

from assistant.conversation.dates import find_dates
from assistant.conversation.slots import QUESTIONS, Understanding, understand
from assistant.models import Message

AS_OF = date(2025, 3, 10)


def read(*turns: str, as_of: date = AS_OF) -> Understanding:
    """User and assistant turns alternate, starting with the user."""
    roles: tuple[Literal["user", "assistant"], ...] = ("user", "assistant")
    return understand([Message(role=roles[n % 2], content=text) for n, text in enumerate(turns)], as_of)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("I paid for Coursera Plus on March 3, can I still get a refund?", "refund_eligibility"),
        ("can I get a refund?", "refund_eligibility"),
        ("i want my money back", "refund_eligibility"),
        ("Bought a guided project in the iOS app, how do i get my money back?", "refund_eligibility"),
        ("when does my course registration expire? I paid on January 5", "registration_expiry"),
        (
            "I bought a specialization on 2024-02-29, when do I have to finish it by?",
            "specialization_deadline",
        ),
        (
            "I've paid about $300 in the last six months, is that the cap on what they'd owe me?",
            "liability_cap",
        ),
        ("how much can I sue coursera for?", "liability_cap"),
        ("It happened on 2024-11-02. Is it too late to sue Coursera?", "claim_deadline"),
        ("My daughter was born on June 1, 2013. Can she use Coursera?", "minimum_age"),
        # Questions about the policy, not about the asker's own purchase, stay lookups.
        ("are guided projects refundable?", None),
        ("what is the refund policy for coursera plus?", None),
        ("how do i request a refund for coursera plus?", None),
        ("will coursera refund me if i was caught cheating in the course?", None),
        ("I failed the course, can I get my money back?", None),
        ("why is my refund period only 7 days instead of 14?", None),
        ("how long do I have to sue coursera?", None),
        ("can my 12 year old son make his own coursera account", None),
        ("how many times did they update the refund policy in 2017?", None),
        ("What does the honor code say about sharing answers?", None),
    ],
)
def test_intent(question: str, intent: str | None) -> None:
    assert read(question).intent == intent


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Coursera Plus", "coursera_plus"),
        ("Plus", "coursera_plus"),
        ("my coursera+ plan", "coursera_plus"),
        ("the annual plan", "coursera_plus"),
        ("Monthly subscription", "monthly_subscription"),
        ("my monthly plan", "monthly_subscription"),
        ("the subscription", "monthly_subscription"),
        ("Single course", "course"),
        ("a course", "course"),
        ("the data science specialization", "specialization"),
        ("a guided project", "guided_project"),
        ("my master's degree", "degree"),
        ("Degree or MasterTrack", "mastertrack"),
        ("a MasterTrack certificate", "mastertrack"),
        ("some other paid service", "other"),
        ("of course I did", None),
    ],
)
def test_product_everyday_names(text: str, product: str | None) -> None:
    assert read(text).slots.product == product


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("I bought it on the App Store", "app_store"),
        ("through Apple", "app_store"),
        ("on my iphone", "app_store"),
        ("Google Play", "google_play"),
        ("on my android phone", "google_play"),
        ("it was an in-app purchase", "in_app"),
        ("my employer paid for it", "employer"),
        ("through my company", "employer"),
        ("via Coursera for Business", "employer"),
        ("directly on the coursera website", "coursera"),
    ],
)
def test_where_it_was_bought(text: str, via: str) -> None:
    assert read(text).slots.purchased_via == via


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I paid yesterday", date(2025, 3, 9)),
        ("I paid 3 days ago", date(2025, 3, 7)),
        ("paid a couple of days back", date(2025, 3, 8)),
        ("I paid about 2 weeks ago", date(2025, 2, 24)),
        ("I paid on June 1st", date(2024, 6, 1)),  # the most recent June 1st before as_of
        ("I paid on June 1st 2025", date(2025, 6, 1)),  # after as_of: read, then refused by the rule
        ("I paid on March 1, 2025", date(2025, 3, 1)),
        ("I paid on 2025-03-01", date(2025, 3, 1)),
        ("I paid on 3/1/2025", date(2025, 3, 1)),
        ("I paid on the 1st of March", date(2025, 3, 1)),
        ("I paid last tuesday", date(2025, 3, 4)),
        ("it's been 10 days since I paid", date(2025, 2, 28)),
        ("I paid the day before yesterday", date(2025, 3, 8)),
        ("I bought it on Feb 29, 2024", date(2024, 2, 29)),
    ],
)
def test_dates_relative_to_as_of(text: str, expected: date) -> None:
    assert read(text).slots.payment_date == expected


def test_which_date_is_which() -> None:
    slots = read(
        "I pre-enrolled on Feb 1 and the course launches on April 5, but I got my certificate on March 3. "
        "The problem happened on March 4. I was born on 1990-05-06."
    ).slots
    assert slots.payment_date == date(2025, 2, 1)
    assert slots.launch_date == date(2025, 4, 5)  # a launch to come is read forwards
    assert slots.certificate_date == date(2025, 3, 3)
    assert slots.accrual_date == date(2025, 3, 4)
    assert slots.birth_date == date(1990, 5, 6)
    assert slots.pre_enrolled


def test_a_past_launch_is_read_backwards() -> None:
    assert read("the course launched on February 20").slots.launch_date == date(2025, 2, 20)


def test_keywords_after_the_date_count_too() -> None:
    slots = read("On March 1 I paid and on March 5 I got my certificate").slots
    assert (slots.payment_date, slots.certificate_date) == (date(2025, 3, 1), date(2025, 3, 5))


def test_today_alone_is_not_a_payment_date() -> None:
    assert read("can I get a refund today? I bought Coursera Plus").slots.payment_date is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("I've paid $50 so far", "amount_usd", Decimal(50)),
        ("about 1,200.50 dollars", "amount_usd", Decimal("1200.50")),
        ("the refund period was only 7 days", "refund_window_days", 7),
        ("it had a 7-day refund window", "refund_window_days", 7),
        ("they said the refund window is a week", "refund_window_days", 7),
        ("I was caught cheating", "violated_terms", True),
        ("I never cheated", "violated_terms", False),
        ("it started with a free trial", "free_trial", True),
    ],
)
def test_amounts_periods_and_flags(text: str, field: str, value: Any) -> None:
    assert getattr(read(text).slots, field) == value


def test_a_date_ago_is_not_a_refund_period() -> None:
    slots = read("I paid 7 days ago for coursera plus, can I get a refund?").slots
    assert slots.refund_window_days is None
    assert slots.payment_date == date(2025, 3, 3)


@pytest.mark.parametrize(
    "text", ["I paid on February 30", "I paid on 2025-02-30", "I paid on 4/31/2025", "april 31st"]
)
def test_an_impossible_date_is_not_given_and_says_so(text: str) -> None:
    understood = read("can I get a refund for my course?", QUESTIONS["payment_date"].question, text)
    assert understood.slots.payment_date is None
    assert "isn't a real date" in understood.slots.unclear["payment_date"]


def test_a_month_without_a_day_is_asked_again() -> None:
    understood = read("can I get a refund for my course?", QUESTIONS["payment_date"].question, "in March")
    assert understood.slots.payment_date is None
    assert understood.slots.unclear["payment_date"] == "“in March” doesn't say which day."


def test_the_latest_value_wins() -> None:
    understood = read(
        "I bought Coursera Plus on March 1, can I get a refund?",
        "Yes: …",
        "sorry, actually it was a specialization and I paid on March 2",
    )
    assert understood.intent == "refund_eligibility"
    assert understood.slots.product == "specialization"
    assert understood.slots.payment_date == date(2025, 3, 2)


def test_a_bare_answer_fills_the_slot_that_was_asked() -> None:
    understood = read("can I get a refund?", QUESTIONS["product"].question, "Coursera Plus")
    assert (understood.intent, understood.slots.product, understood.pending) == (
        "refund_eligibility",
        "coursera_plus",
        "product",
    )
    dated = read(
        "can I get a refund?",
        QUESTIONS["product"].question,
        "Coursera Plus",
        QUESTIONS["payment_date"].question,
        "on June 1st",
    )
    assert dated.slots.payment_date == date(2024, 6, 1)
    born = read(
        "my son was born in 2013, can he use coursera?", QUESTIONS["birth_date"].question, "march 3 2013"
    )
    assert born.slots.birth_date == date(2013, 3, 3)


def test_a_course_in_a_specialization_is_not_a_new_purchase() -> None:
    understood = read(
        "I bought a specialization on March 1, can I get a refund?", "…", "the first course launches April 1"
    )
    assert understood.slots.product == "specialization"
    assert understood.slots.launch_date == date(2025, 4, 1)


def test_a_new_question_after_a_rule_is_a_lookup() -> None:
    assert (
        read(
            "can I get a refund for coursera plus?",
            QUESTIONS["payment_date"].question,
            "what is the honor code?",
        ).intent
        is None
    )


def test_dates_are_found_inside_sentences() -> None:
    found = find_dates("so i paid on March 3rd, 2025 and may i say, it launched 2 weeks ago")
    assert [f.text for f in found] == ["March 3rd, 2025", "2 weeks ago"]  # "may" the verb is no date


def test_reading_dates_works_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    slots = read("I bought a specialization 3 weeks ago on March 1st, 2024, launched last tuesday").slots
    assert slots.payment_date == date(2024, 3, 1)
