"""The insights page in Chromium, on a server of its own: a known month of recorded replies and a
known mix of live traffic, counted on the page as sent, drawn as charts, and re-counted when the
range changes; locked without the agent token."""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from browsing import AGENT_TOKEN, REPLY_TIMEOUT_MS, no_horizontal_scroll, shoot
from playwright.sync_api import Page, expect

from assistant.models import new_id
from assistant.support.records import Kind, ReplyRow, Turn
from assistant.support.store import Store, feedback, tickets

pytestmark = pytest.mark.browser

AGENT = {"Authorization": f"Bearer {AGENT_TOKEN}"}
TOTALS = ("questions", "answered", "rule", "declined", "handoffs", "thumbs_up", "thumbs_down")
# What the recorded month was asked: declines on a few topics the terms don't cover (the gaps).
GAPS = [
    "do you offer a student discount",
    "is there a discount for students?",
    "how do I reset my password",
    "I forgot my password, how do I reset it",
    "can I pay with bitcoin?",
]
ASKED = ["how long do I have to ask for a refund?", "can I share my account?", "do certificates expire?"]
CITED = [
    "refund-policy/for-coursera-plus",
    "terms-of-use/using-coursera/who-may-use-our-services",
    "honor-code",
]
SEEDED: list[Kind] = ["lookup", "rule", "declined"]
FIELD = {"lookup": "answered", "rule": "rule", "declined": "declined"}


@dataclass
class Sent:
    """What the test recorded and asked, by day: what the page must show."""

    days: dict[date, Counter[str]] = field(default_factory=dict)

    def add(self, day: date, **counts: int) -> None:
        self.days.setdefault(day, Counter()).update(counts)

    def totals(self, first: date, last: date) -> dict[str, int]:
        summed: Counter[str] = Counter()
        for day, counts in self.days.items():
            if first <= day <= last:
                summed.update(counts)
        return {name: summed[name] for name in TOTALS}


def today() -> date:
    return datetime.now(UTC).date()


def record_a_month(store: Store, sent: Sent) -> None:
    """29 days of replies, ratings and tickets before today, written as the recorder writes them."""
    pick = random.Random(15)
    rows: list[ReplyRow] = []
    ratings, opened = [], []
    for back in range(1, 30):
        day = today() - timedelta(days=back)
        for number in range(6 + (back * 7) % 9):
            kind = pick.choices(SEEDED, [6, 2, 2])[0]
            created = datetime(
                day.year, day.month, day.day, pick.choice((9, 10, 11, 14, 15, 16, 20)), number, tzinfo=UTC
            )
            rows.append(
                ReplyRow(
                    id=new_id(),
                    question=pick.choice(GAPS if kind == "declined" else ASKED),
                    answer="The terms don't cover this."
                    if kind == "declined"
                    else "According to the terms [1]",
                    abstained=kind == "declined",
                    kind=kind,
                    citations=[] if kind == "declined" else [pick.choice(CITED)],
                    rule="refund_eligibility" if kind == "rule" else None,
                    created=created,
                    language="es" if number % 5 == 4 else "en",
                )
            )
            sent.add(day, questions=1, **{FIELD[kind]: 1})
            if number % 4 == 1:
                rating = "down" if kind == "declined" else "up"
                ratings.append(
                    {"reply_id": rows[-1]["id"], "rating": rating, "created": created + timedelta(minutes=1)}
                )
                sent.add(day, **{f"thumbs_{rating}": 1})
        if back % 3 == 0:
            transcript = [Turn(role="user", content="can I talk to a person?").model_dump()]
            opened.append(
                {
                    "status": "open",
                    "transcript": transcript,
                    "created": datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
                }
            )
            sent.add(day, handoffs=1)
    store.add_replies(rows)
    with store.engine.begin() as connection:
        connection.execute(feedback.insert(), ratings)
        connection.execute(tickets.insert(), opened)


def ask(client: httpx.Client, question: str) -> dict:
    response = client.post("/api/chat", json={"messages": [{"role": "user", "content": question}]})
    assert response.status_code == 200, response.text
    return response.json()


def send_traffic(client: httpx.Client, sent: Sent) -> None:
    """Today's mix, through the API as learners send it."""
    refund = ask(client, "how do I get my money back for coursera plus?")
    again = ask(client, "how do I get my money back for coursera plus?")  # from the reply cache
    quiz = ask(client, "Can I share my quiz answers with a friend?")
    ruled = ask(client, "I paid for Coursera Plus 3 days ago, can I get a refund?")
    declined = ask(client, "do you offer a student discount")
    assert not any(r["abstained"] or r["rule"] for r in (refund, again, quiz))
    assert ruled["rule"]["name"] == "refund_eligibility" and declined["abstained"]
    for reply, rating in ((refund, "up"), (quiz, "up"), (declined, "down")):
        assert (
            client.post("/api/feedback", json={"reply_id": reply["id"], "rating": rating}).status_code == 201
        )
    handed = client.post(
        "/api/handoff", json={"messages": [{"role": "user", "content": "do you offer a student discount"}]}
    )
    assert handed.status_code == 201
    sent.add(today(), questions=5, answered=3, rule=1, declined=1, handoffs=1, thumbs_up=2, thumbs_down=1)


@pytest.fixture(scope="module")
def insights_server(start_server, tmp_path_factory) -> Iterator[tuple[str, Sent]]:
    """A server on a database of its own holding a known month and today's known traffic."""
    database = f"sqlite:///{Path(tmp_path_factory.mktemp('insights')) / 'assistant.db'}"
    sent = Sent()
    store = Store.open(database)
    try:
        record_a_month(store, sent)
    finally:
        store.close()
    with (
        start_server({"ASSISTANT_DATABASE_URL": database}) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        send_traffic(client, sent)
        # The recorder writes in batches, off the request path: wait until today's are in.
        month = sent.totals(today() - timedelta(days=29), today())
        for _ in range(100):
            counted = client.get("/api/insights", headers=AGENT).json()["totals"]
            if {name: counted[name] for name in TOTALS} == month:
                break
            time.sleep(0.1)
        yield url, sent


def shown_totals(page: Page) -> dict[str, int]:
    """The totals on the page, by name: the number each card holds."""
    shown = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("[data-totals] [data-total]")].map(
            (card) => [card.dataset.total, Number(card.querySelector("[data-value]").dataset.value)]))"""
    )
    return {name: shown[name] for name in TOTALS}


def open_insights(context_factory, problems, url: str, **options) -> Page:
    page = context_factory(base_url=url, **options).new_page()
    problems.watch(page)
    page.goto(f"/agent/insights?token={AGENT_TOKEN}")
    expect(page.locator("[data-insights][data-state=done]")).to_be_attached(timeout=REPLY_TIMEOUT_MS)
    return page


def charts_drawn(page: Page) -> list[str]:
    """The cards whose canvas holds a Chart.js chart with something painted on it."""
    return page.evaluate(
        """() => [...document.querySelectorAll("[data-card]")].filter((card) => {
            const canvas = card.querySelector("canvas");
            if (!canvas || !globalThis.Chart.getChart(canvas) || !canvas.width) return false;
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            return pixels.some((value, index) => index % 4 === 3 && value > 0);
        }).map((card) => card.dataset.card)"""
    )


def test_the_page_shows_what_was_sent_and_draws_every_chart(insights_server, context_factory, problems):
    url, sent = insights_server
    page = open_insights(context_factory, problems, url, viewport={"width": 1280, "height": 1800})
    month = sent.totals(today() - timedelta(days=29), today())
    assert shown_totals(page) == month
    expect(page.locator("[data-total=questions] .total__share")).to_have_text("in 30 days")
    declined_share = f"{100 * month['declined'] / month['questions']:.1f}".rstrip("0").rstrip(".")
    expect(page.locator("[data-total=declined] .total__share")).to_contain_text(
        f"{declined_share}% of questions"
    )
    assert sorted(charts_drawn(page)) == sorted(["by-day", "rates", "clauses", "rules", "languages", "hours"])
    shoot(page, "insights")

    # Each chart's table: beside it, or a button away.
    by_day = page.locator("[data-card=by-day]")
    toggle = by_day.get_by_role("button", name="Show the table")
    expect(by_day.locator("table")).to_be_hidden()
    toggle.click()
    expect(by_day.get_by_role("button", name="Hide the table")).to_have_attribute("aria-expanded", "true")
    expect(by_day.locator("tbody tr")).to_have_count(30)
    clauses = page.locator("[data-card=clauses] table")
    expect(clauses).to_be_visible()
    expect(clauses.locator("a[href='/terms#refund-policy/for-coursera-plus']")).to_have_text(
        "Refund Policy › For Coursera Plus"
    )
    expect(page.locator("[data-card=languages] table")).to_contain_text("Spanish")
    expect(page.locator("[data-card=rules] tbody")).to_contain_text("refund_eligibility")

    # A gap links to the replies behind it.
    gap = page.locator("[data-gaps] .gap").filter(has_text="student discount").first
    expect(gap).to_be_visible()
    gap.locator(".gap__replies").click()
    expect(page).to_have_url(re.compile(r"/agent/replies\?id="))
    expect(page.locator(".recorded-reply").first).to_be_visible()
    expect(
        page.locator(".recorded-reply__question").filter(has_text=re.compile("discount")).first
    ).to_be_visible()


def test_the_range_picker_changes_the_numbers(insights_server, context_factory, problems):
    url, sent = insights_server
    page = open_insights(context_factory, problems, url)
    page.get_by_role("button", name="7 days").click()
    expect(page.locator("[data-total=questions] .total__share")).to_have_text("in 7 days")
    expect(page.locator("[data-insights]")).to_have_attribute("data-state", "done")
    week = sent.totals(today() - timedelta(days=6), today())
    assert shown_totals(page) == week and week != sent.totals(today() - timedelta(days=29), today())
    assert f"since={today() - timedelta(days=6)}" in page.url  # the range is in the address, to share

    # One day chosen by hand: the day the month's recorded replies began.
    first = today() - timedelta(days=29)
    page.locator("[data-since]").fill(first.isoformat())
    page.locator("[data-until]").fill(first.isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("[data-total=questions] .total__share")).to_have_text("in 1 day")
    assert shown_totals(page) == sent.totals(first, first)
    expect(page.locator("[data-card=by-day] tbody tr")).to_have_count(1)

    # A reversed range is refused with the API's reason; the numbers shown stay.
    problems.expected_statuses = (422,)
    page.locator("[data-since]").fill(today().isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("[data-range-error]")).to_have_text(
        f"until: {first} is before since, {today()}: the range is reversed"
    )
    assert shown_totals(page) == sent.totals(first, first)


def test_the_page_fits_a_phone(insights_server, context_factory, problems):
    url, sent = insights_server
    page = open_insights(
        context_factory, problems, url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    assert shown_totals(page)["questions"] == sent.totals(today() - timedelta(days=29), today())["questions"]
    assert len(charts_drawn(page)) == 6
    assert no_horizontal_scroll(page)


def test_the_page_is_locked_without_the_token(insights_server, context_factory, problems):
    url, _ = insights_server
    problems.expected_statuses = (401,)
    page = context_factory(base_url=url).new_page()
    problems.watch(page)
    response = page.goto("/agent/insights")
    assert response is not None and response.status == 401
    expect(page.get_by_role("heading", name="This page is for support agents")).to_be_visible()
    expect(page.locator("canvas")).to_have_count(0)
    assert httpx.get(f"{url}/api/insights").status_code == 401
