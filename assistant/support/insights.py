"""Insights for the support lead: what came in over a range of days and what became of it.

Every number is an aggregate the database computes, on SQLite and on PostgreSQL alike: sums of
the counts the store keeps as replies are written (`store.reply_counts`, `clause_counts`),
and counts of the range's ratings and tickets, all read in one transaction so that they agree.
Python only lays out the few hundred groups they return. Days and hours are UTC.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import and_, exists, func, select

from assistant.support.gaps import Embed, Gap, gaps_between
from assistant.support.records import Kind
from assistant.support.store import (
    Store,
    clause_counts,
    epoch_hour,
    feedback,
    hour_of,
    reply_counts,
    tickets,
)

# The longest range one request may cover: a year of days is still a small answer.
MAX_DAYS = 366
DEFAULT_DAYS = 30
EPOCH = date(1970, 1, 1)
TOP_CLAUSES = 10
TOP_GAPS = 10

# Which count each kind of reply adds to (see `records.reply_kind`).
OUTCOMES: dict[Kind, str] = {
    "lookup": "answered",
    "rule": "rule",
    "declined": "declined",
    "follow_up": "follow_up",
    "handoff": "asked_for_person",
}


class Counts(BaseModel):
    """What came in and what became of it. The outcomes add up to `questions`; `handoffs` and the
    ratings are counted beside them."""

    questions: int = Field(
        default=0, description="Chat replies: every question the assistant answered or not."
    )
    answered: int = Field(default=0, description="Answered from a clause, quoted.")
    rule: int = Field(default=0, description="Answered by a rule.")
    declined: int = Field(default=0, description="Declined: the terms don't cover it.")
    follow_up: int = Field(default=0, description="A rule asked for a fact it needed.")
    asked_for_person: int = Field(
        default=0, description="The learner asked for a person and was offered one."
    )
    handoffs: int = Field(default=0, description="Conversations handed to a person: tickets opened.")
    thumbs_up: int = Field(default=0, description="Replies rated up (a reply rated twice: its last rating).")
    thumbs_down: int = Field(default=0, description="Replies rated down (likewise).")


class Day(Counts):
    day: date


class Hour(BaseModel):
    hour: int = Field(description="The hour of the day, UTC (0–23).")
    questions: int


class CitedClause(BaseModel):
    id: str
    title: str
    url: str = Field(description="The clause in the terms viewer.")
    count: int = Field(description="Replies that cited it.")


class Insights(BaseModel):
    since: date
    until: date = Field(description="The last day counted (the range includes it).")
    totals: Counts
    by_day: list[Day] = Field(description="Every day of the range, oldest first, empty days too.")
    top_clauses: list[CitedClause] = Field(description="The most cited first.")
    rules: dict[str, int] = Field(description="Replies answered by each rule, the most used first.")
    languages: dict[str, int] = Field(description="Questions by the BCP 47 tag of the reply's language.")
    hours: list[Hour] = Field(description="Questions by hour of the day (UTC), all 24 hours.")
    gaps: list[Gap] = Field(description="Content gaps: the questions declined or rated down, by topic.")


class BadRange(ValueError):
    """A range of days that can't be counted: reversed, longer than `MAX_DAYS`, or past the
    calendar. `field` is the end of it to change, `since` or `until`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def day_range(since: date | None, until: date | None, today: date | None = None) -> tuple[date, date]:
    """The range asked for, the defaults filled in (until today, since `DEFAULT_DAYS` days before
    until); `BadRange` says what is wrong with one that can't be counted."""
    until = until or today or _today()
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if until < since:
        raise BadRange("until", f"{until} is before since, {since}: the range is reversed")
    if until >= date.max:  # the day after it, where the range ends, is past the calendar's end
        raise BadRange("until", f"must be before {date.max}")
    if (until - since).days + 1 > MAX_DAYS:
        days = (until - since).days + 1
        raise BadRange("since", f"{since} makes the range {days} days long: at most {MAX_DAYS} at once")
    return since, until


def _today() -> date:
    return datetime.now(UTC).date()


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def count(store: Store, since: date, until: date, titles: Mapping[str, str]) -> Insights:
    """The counts for the days `since` to `until` (both included), without the gaps.

    `titles` names the clauses by id (a clause the index no longer has is named by its id).
    """
    start, end = _start(since), _start(until + timedelta(days=1))
    counts, cited = reply_counts.c, clause_counts.c
    in_range = and_(counts.hour >= hour_of(start), counts.hour < hour_of(end))
    replied, citing = func.sum(counts.replies), func.sum(cited.replies)
    day, hour = counts.hour // 24, counts.hour % 24
    ticket_day = epoch_hour(tickets.c.created) // 24
    with store.engine.connect() as connection, connection.begin():  # one snapshot for every count
        # By day, outcome, language and rule at once: a few hundred groups, added up below into
        # each day's outcomes, the languages and the rules (fewer trips to the database).
        groups = connection.execute(
            select(day, counts.kind, counts.language, counts.rule, replied)
            .where(in_range)
            .group_by(day, counts.kind, counts.language, counts.rule)
        ).all()
        hours = dict(connection.execute(select(hour, replied).where(in_range).group_by(hour)).all())
        clauses = connection.execute(
            select(cited.clause, citing)
            .where(cited.day >= hour_of(start) // 24, cited.day < hour_of(end) // 24)
            .group_by(cited.clause)
            .order_by(citing.desc(), cited.clause)
            .limit(TOP_CLAUSES)
        ).all()
        ratings = connection.execute(_ratings(start, end)).all()
        opened = connection.execute(
            select(ticket_day, func.count())
            .where(tickets.c.created >= start, tickets.c.created < end)
            .group_by(ticket_day)
        ).all()
    days = [Day(day=since + timedelta(days=n)) for n in range((until - since).days + 1)]

    def on(number: int) -> Day:  # the range's Day for `epoch_hour // 24`
        return days[(EPOCH + timedelta(days=number) - since).days]

    languages: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for number, kind, language, rule, replies_of_kind in groups:
        that = on(number)
        setattr(that, OUTCOMES[kind], getattr(that, OUTCOMES[kind]) + replies_of_kind)
        that.questions += replies_of_kind
        languages[language] += replies_of_kind
        if kind == "rule":
            rules[rule] += replies_of_kind
    for number, rating, rated in ratings:
        setattr(on(number), "thumbs_up" if rating == "up" else "thumbs_down", rated)
    for number, tickets_opened in opened:
        on(number).handoffs = tickets_opened
    return Insights(
        since=since,
        until=until,
        totals=Counts(**{field: sum(getattr(d, field) for d in days) for field in Counts.model_fields}),
        by_day=days,
        top_clauses=[
            CitedClause(id=clause, title=titles.get(clause, clause), url=f"/terms#{clause}", count=number)
            for clause, number in clauses
        ],
        rules=dict(sorted(rules.items(), key=_most_first)),
        languages=dict(sorted(languages.items(), key=_most_first)),
        hours=[Hour(hour=h, questions=hours.get(h, 0)) for h in range(24)],
        gaps=[],
    )


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _ratings(start: datetime, end: datetime) -> Any:
    """The ratings given in the range by day and rating: of a reply rated twice, the last (a
    learner may change their mind). By the rating's own day: joining each to its reply's would
    read the range's replies only to move a rating made past midnight to the day before."""
    later = feedback.alias("later")
    # A rating with none after it for its reply (found in the reply_id index): half the work,
    # on SQLite, of grouping the range's ratings by reply to find each one's last.
    superseded = exists().where(
        later.c.reply_id == feedback.c.reply_id, later.c.id > feedback.c.id, later.c.created < end
    )
    day = epoch_hour(feedback.c.created) // 24
    return (
        select(day, feedback.c.rating, func.count())
        .where(feedback.c.created >= start, feedback.c.created < end, ~superseded)
        .group_by(day, feedback.c.rating)
    )


def gaps(store: Store, embed: Embed, since: date, until: date, limit: int = TOP_GAPS) -> list[Gap]:
    """The `limit` biggest content gaps of the days `since` to `until` (see `gaps.gaps_between`)."""
    return gaps_between(store, embed, _start(since), _start(until + timedelta(days=1)), limit).gaps
