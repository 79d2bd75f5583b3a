"""The insights' counts, on SQLite and on PostgreSQL: by day and hour, outcome, rating, rule,
language and clause, over the range asked for and nothing outside it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from assistant import cli
from assistant.support.insights import BadRange, count, day_range, gaps
from assistant.support.records import Turn
from assistant.support.store import Store, feedback
from tests.support.test_store import row

MONDAY = date(2025, 3, 10)
TITLES = {"refund-policy/for-coursera-plus": "Refund Policy › For Coursera Plus"}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
def store(database_url):
    opened = Store.open(database_url)
    yield opened
    opened.close()


def test_a_range_defaults_to_the_last_30_days_and_refuses_what_it_cannot_count():
    assert day_range(None, None, today=MONDAY) == (MONDAY - timedelta(days=29), MONDAY)
    assert day_range(date(2025, 3, 1), None, today=MONDAY) == (date(2025, 3, 1), MONDAY)
    assert day_range(None, date(2025, 1, 30)) == (date(2025, 1, 1), date(2025, 1, 30))
    assert day_range(MONDAY, MONDAY) == (MONDAY, MONDAY)
    with pytest.raises(
        BadRange, match="until: 2025-03-09 is before since, 2025-03-10: the range is reversed"
    ):
        day_range(MONDAY, MONDAY - timedelta(days=1))
    with pytest.raises(
        BadRange, match="since: 2024-03-09 makes the range 367 days long: at most 366 at once"
    ):
        day_range(MONDAY - timedelta(days=366), MONDAY)
    with pytest.raises(BadRange, match="until: must be before 9999-12-31"):
        day_range(date.max, date.max)
    assert day_range(date.min, date.min) == (date.min, date.min)


def test_every_reply_of_the_range_is_counted_once_by_day_hour_and_outcome(store):
    sunday = MONDAY - timedelta(days=1)
    rows = [
        row("how do refunds work?", "lookup", at(sunday, 9)),
        row("how do refunds work?", "lookup", at(sunday, 9, 30)),
        row("I paid 3 days ago, refund?", "rule", at(sunday, 23, 59)),
        row("can I pay in bitcoin?", "declined", at(MONDAY, 0, 1)),
        row("what is the refund window?", "follow_up", at(MONDAY, 9)),
        row("talk to a human", "handoff", at(MONDAY, 14)),
        row("before the range", "lookup", at(sunday - timedelta(days=1), 23, 59)),
        row("after the range", "lookup", at(MONDAY + timedelta(days=1), 0)),
    ]
    store.add_replies(rows[:3])
    store.add_replies(rows[3:])  # a second batch adds to the same hours' counts
    found = count(store, sunday, MONDAY, TITLES)
    assert found.totals.model_dump() == {
        "questions": 6,
        "answered": 2,
        "rule": 1,
        "declined": 1,
        "follow_up": 1,
        "asked_for_person": 1,
        "handoffs": 0,
        "thumbs_up": 0,
        "thumbs_down": 0,
    }
    assert [(d.day, d.questions, d.answered, d.rule, d.declined) for d in found.by_day] == [
        (sunday, 3, 2, 1, 0),
        (MONDAY, 3, 0, 0, 1),
    ]
    assert {h.hour: h.questions for h in found.hours if h.questions} == {9: 3, 23: 1, 0: 1, 14: 1}
    assert len(found.hours) == 24
    assert found.rules == {"refund_eligibility": 1}
    assert found.top_clauses[0].model_dump() == {
        "id": "refund-policy/for-coursera-plus",
        "title": "Refund Policy › For Coursera Plus",
        "url": "/terms#refund-policy/for-coursera-plus",
        "count": 5,  # each reply of the range cites it but the decline
    }


def test_empty_days_are_listed_and_an_empty_range_counts_nothing(store):
    found = count(store, MONDAY, MONDAY + timedelta(days=2), {})
    assert [d.day for d in found.by_day] == [MONDAY + timedelta(days=n) for n in range(3)]
    assert found.totals.questions == 0 and found.top_clauses == [] and found.languages == {}


def test_languages_are_counted_from_the_replies(store):
    store.add_replies(
        [
            row("¿puedo pedir un reembolso?", "lookup", at(MONDAY, 10), language="es"),
            row("¿y para un curso?", "lookup", at(MONDAY, 11), language="es"),
            row("how do refunds work?", "lookup", at(MONDAY, 12)),
            row("क्या मुझे रिफंड मिल सकता है?", "declined", at(MONDAY, 13), language="hi"),
        ]
    )
    assert count(store, MONDAY, MONDAY, {}).languages == {"es": 2, "en": 1, "hi": 1}


def test_ratings_count_the_last_of_each_reply_and_tickets_count_as_handoffs(store):
    liked, disliked, changed = (row(f"question {n}", "lookup", at(MONDAY, 8)) for n in range(3))
    store.add_replies([liked, disliked, changed])
    store.add_feedback(liked["id"], "up", None)
    store.add_feedback(disliked["id"], "down", "not what I asked")
    store.add_feedback(changed["id"], "up", None)
    store.add_feedback(changed["id"], "down", None)  # the learner changed their mind
    store.open_ticket([Turn(role="user", content="talk to a human")], None, None)
    store.open_ticket([Turn(role="user", content="a person please")], "pat@example.com", None)
    # Ratings and tickets are dated when they are made: today.
    today = datetime.now(UTC).date()
    found = count(store, today, today, {})
    assert (found.totals.thumbs_up, found.totals.thumbs_down, found.totals.handoffs) == (1, 2, 2)
    assert count(store, MONDAY, MONDAY, {}).totals.thumbs_down == 0


def test_a_batch_that_fails_adds_nothing_to_the_counts(store):
    kept = row("how do refunds work?", "lookup", at(MONDAY, 8))
    store.add_replies([kept])
    with pytest.raises(IntegrityError):
        store.add_replies([row("another", "lookup", at(MONDAY, 8)), kept])  # the same id again
    found = count(store, MONDAY, MONDAY, {})
    assert found.totals.questions == 1 and found.top_clauses[0].count == 1


def test_the_gaps_are_those_of_the_range_with_their_replies(store):
    declined = [row(f"can I pay in bitcoin? ({n})", "declined", at(MONDAY, 8, n)) for n in range(3)]
    outside = row("can I pay in dogecoin?", "declined", at(MONDAY - timedelta(days=1), 8))
    store.add_replies([*declined, outside])
    with store.engine.begin() as connection:  # rated in the range, but asked before it: no gap of it
        connection.execute(
            feedback.insert().values(reply_id=outside["id"], rating="down", created=at(MONDAY, 9))
        )

    def embed(texts: list[str]) -> np.ndarray:  # every question the same topic: one gap
        return np.ones((len(texts), 4)) / 2

    (gap,) = gaps(store, embed, MONDAY, MONDAY)
    assert gap.questions == 3 and gap.replies == [r["id"] for r in reversed(declined)]


runner = CliRunner()


def test_assistant_report_insights_prints_the_totals_and_the_top_lists(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    store = Store.open(f"sqlite:///{tmp_path / 'assistant.db'}")
    answered = [row("how do refunds work?", "lookup", at(MONDAY, 14, n)) for n in range(5)]
    store.add_replies(
        [
            *answered,
            row("I paid 3 days ago, refund?", "rule", at(MONDAY, 14)),
            row("¿puedo pedir un reembolso?", "lookup", at(MONDAY, 9), language="es"),
            row("can I pay in bitcoin?", "declined", at(MONDAY, 9)),
        ]
    )
    with store.engine.begin() as connection:
        connection.execute(
            feedback.insert(),
            [
                {"reply_id": answered[0]["id"], "rating": "up", "created": at(MONDAY, 15)},
                {"reply_id": answered[1]["id"], "rating": "up", "created": at(MONDAY, 15)},
                {"reply_id": answered[2]["id"], "rating": "down", "created": at(MONDAY, 15)},
            ],
        )
    store.close()
    result = runner.invoke(cli.app, ["report", "insights", "--since", "2025-03-09", "--until", "2025-03-10"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Insights from 2025-03-09 to 2025-03-10 (2 days, UTC)\n"
        "\n"
        "Questions                      8\n"
        "Answered from a clause         6   75.0%\n"
        "Answered by a rule             1   12.5%\n"
        "Declined                       1   12.5%\n"
        "Asked for a fact               0    0.0%\n"
        "Asked for a person             0    0.0%\n"
        "Handed off (tickets)           0    0.0%\n"
        "Thumbs up                      2   66.7% of ratings\n"
        "Thumbs down                    1   33.3% of ratings\n"
        "\n"
        "Top cited clauses\n"
        "        7  Refund Policy › For Coursera Plus (refund-policy/for-coursera-plus)\n"
        "\n"
        "Rules used\n"
        "        1  refund_eligibility\n"
        "\n"
        "Languages\n"
        "        7  en\n"
        "        1  es\n"
        "\n"
        "Busiest hours (UTC)\n"
        "        6  14:00–14:59\n"
        "        2  09:00–09:59\n"
    )
    printed = runner.invoke(
        cli.app, ["report", "insights", "--since", "2025-03-10", "--until", "2025-03-10", "--json"]
    )
    as_json = json.loads(printed.output)
    assert as_json["totals"]["questions"] == 8 and "gaps" not in as_json
    assert [day["day"] for day in as_json["by_day"]] == ["2025-03-10"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "0d"], "'0d' is not a number of days (30d) or a day (YYYY-MM-DD)"),
        (["--since", "2025-02-30"], "'2025-02-30' is not a real date written YYYY-MM-DD"),
        (
            ["--since", "2025-03-10", "--until", "2025-03-01"],
            "error: --until: 2025-03-01 is before since, 2025-03-10: the range is reversed\n",
        ),
        (["--since", "2000-01-01"], "error: --since: 2000-01-01 makes the range"),
    ],
)
def test_report_insights_refuses_a_range_it_cannot_count(tmp_path, monkeypatch, args, message):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    result = runner.invoke(cli.app, ["report", "insights", *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
