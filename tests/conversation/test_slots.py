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
        ("I paid on 2/13/2025", date(2025, 2, 13)),
        ("I paid on the 1st of March", date(2025, 3, 1)),
        ("I paid last tuesday", date(2025, 3, 4)),
        ("it's been 10 days since I paid", date(2025, 2, 28)),
        ("I paid the day before yesterday", date(2025, 3, 8)),
        ("I bought it on Feb 29, 2024", date(2024, 2, 29)),
    ],
)
def test_dates_relative_to_as_of(text: str, expected: date) -> None:
    assert read(text).slots.payment_date == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # as_of is Monday, March 10, 2025
        ("I paid on the 5th", date(2025, 3, 5)),  # a day of this month
        ("I paid on the 20th", date(2025, 2, 20)),  # not yet this month: the last one
        ("I paid on the 3rd of this month", date(2025, 3, 3)),
        ("I paid the 28th of last month", date(2025, 2, 28)),
        ("I paid last month on the 20th", date(2025, 2, 20)),
        ("I paid two weeks ago on Monday", date(2025, 2, 24)),  # the week holding March 10 − 14 days
        ("I paid last week on Thursday", date(2025, 3, 6)),
        ("I paid on Monday", date(2025, 3, 3)),  # a weekday before today, never today
        ("I paid at the beginning of March", date(2025, 3, 1)),
        ("I paid at the end of February", date(2025, 2, 28)),
        ("I paid yesterday evening", date(2025, 3, 9)),
        ("I paid last night", date(2025, 3, 9)),
        ("I paid on Christmas Eve", date(2024, 12, 24)),
        ("I paid on Black Friday", date(2024, 11, 29)),  # the day after Thanksgiving
        ("I paid on New Year's Day", date(2025, 1, 1)),
        ("I paid on valentine's day", date(2025, 2, 14)),
        ("I paid on 13/02/2025", date(2025, 2, 13)),  # only one way to read it
    ],
)
def test_the_dates_people_write(text: str, expected: date) -> None:
    assert read(text).slots.payment_date == expected


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("I paid on 3/1/2025", "“3/1/2025” could be March 1, 2025 or January 3, 2025."),
        ("I paid early last month", "“last month” doesn't say which day."),
        ("I paid sometime in January", "“in january” doesn't say which day."),
        ("I paid on the 31st of last month", "“on the 31st of last month” isn't a real date."),
    ],
)
def test_a_date_that_says_no_single_day_is_asked_again(text: str, note: str) -> None:
    slots = read(text).slots
    assert slots.payment_date is None
    assert slots.unclear["payment_date"].lower() == note.lower()


def test_named_words_that_are_not_dates() -> None:
    for text in ("I bought the 1st course of the specialization", "a new years resolution", "its sunday now"):
        assert read(text).slots.payment_date is None, text


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm 12, can I make a coursera account?", 12),
        ("my son is twelve, can he use coursera?", 12),
        ("Can my student sign up herself? She's 14 years old.", 14),
        ("my daughter just turned 13, is she allowed to have her own account?", 13),
        ("I am fifteen. Am I old enough to take courses on Coursera?", 15),
    ],
)
def test_an_age_given_as_a_number_asks_the_age_rule(text: str, age: int) -> None:
    understood = read(text)
    assert understood.intent == "minimum_age" and understood.slots.age == age


def test_an_age_said_in_passing_asks_no_rule() -> None:
    assert (
        read(
            "if my teenager (she's 13) uses coursera, is there stuff in the forums that isn't allowed?"
        ).intent
        is None
    )
    assert read("the course is 12 weeks long, can I finish it?").slots.age is None


def test_never_paying_anything_is_a_fee_of_nothing() -> None:
    understood = read(
        "I've only done free courses. How much could Coursera be liable for if they lose my work?"
    )
    assert understood.intent == "liability_cap" and understood.slots.amount_usd == Decimal(0)


def test_a_product_said_not_to_be_it_is_not_it() -> None:
    assert (
        read("I paid for the specialization (one time payment, not monthly)").slots.product
        == "specialization"
    )


def test_a_claim_about_a_vague_date_asks_for_the_day() -> None:
    understood = read(
        "Coursera cancelled my course sometime in January. Do I still have time for a legal claim?"
    )
    assert understood.intent == "claim_deadline"
    assert "accrual_date" in understood.slots.unclear


def test_every_event_told_with_a_claim_is_what_it_is_about() -> None:
    understood = read("I lost my certificate on June 3, 2024 after a wrong plagiarism call. Can I still sue?")
    assert understood.intent == "claim_deadline" and understood.slots.accrual_date == date(2024, 6, 3)


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


def test_a_day_of_a_month_in_a_year_said_in_words():
    said = understand(
        [Message(role="user", content="I bought the specialization on March 1 last year")], date(2025, 6, 1)
    )
    assert said.slots.payment_date == date(2024, 3, 1)
    said = understand(
        [Message(role="user", content="I paid on the 3rd of May this year, refund?")], date(2025, 6, 1)
    )
    assert said.slots.payment_date == date(2025, 5, 3)
