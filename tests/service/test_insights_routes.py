"""GET /api/insights and /api/insights.csv on the real model: what was asked, counted; bad ranges
refused with a reason; agents only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.helpers.apps import app_on

TOKEN = "agent-secret"
AGENT = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(engine, tmp_path):
    with TestClient(app_on(engine, agent_token=TOKEN, data_dir=tmp_path)) as test_client:
        yield test_client


def ask(client, question: str) -> dict:
    response = client.post("/api/chat", json={"messages": [{"role": "user", "content": question}]})
    assert response.status_code == 200, response.text
    return response.json()


def test_what_was_asked_is_counted_in_the_shape_the_lead_reads(client):
    answered = ask(client, "how do I get my money back for coursera plus?")
    ask(client, "how do I get my money back for coursera plus?")  # from the reply cache: counted too
    ask(client, "I paid for Coursera Plus 3 days ago, can I get a refund?")
    declined = ask(client, "do you offer a student discount")
    client.post("/api/feedback", json={"reply_id": answered["id"], "rating": "up"})
    client.post("/api/feedback", json={"reply_id": declined["id"], "rating": "down"})
    handed = client.post("/api/handoff", json={"messages": [{"role": "user", "content": "a person please"}]})
    assert handed.status_code == 201
    client.app.state.recorder.flush()

    response = client.get("/api/insights", headers=AGENT)
    assert response.status_code == 200, response.text
    found = response.json()
    assert set(found) >= {"totals", "by_day", "top_clauses", "rules", "languages", "hours", "gaps"}
    assert set(found["totals"]) >= {
        "questions",
        "answered",
        "rule",
        "declined",
        "handoffs",
        "thumbs_up",
        "thumbs_down",
    }
    totals = found["totals"]
    assert (totals["questions"], totals["answered"], totals["rule"], totals["declined"]) == (4, 2, 1, 1)
    assert (totals["handoffs"], totals["thumbs_up"], totals["thumbs_down"]) == (1, 1, 1)
    today = datetime.now(UTC).date()
    assert len(found["by_day"]) == 30 and found["by_day"][-1]["day"] == today.isoformat()
    assert found["by_day"][-1]["questions"] == 4
    assert found["top_clauses"][0] == {
        "id": "refund-policy/for-coursera-plus",
        "title": "Refund Policy › For Coursera Plus",
        "url": "/terms#refund-policy/for-coursera-plus",
        "count": 3,
    }
    assert found["rules"] == {"refund_eligibility": 1} and found["languages"] == {"en": 4}
    assert sum(hour["questions"] for hour in found["hours"]) == 4 and len(found["hours"]) == 24
    (gap,) = found["gaps"]  # the decline, rated down too
    assert gap["examples"] == [{"question": "do you offer a student discount", "count": 1}]
    assert gap["replies"] == [declined["id"]]

    yesterday = (today - timedelta(days=1)).isoformat()
    before = client.get(f"/api/insights?since={yesterday}&until={yesterday}", headers=AGENT).json()
    assert before["totals"]["questions"] == 0 and before["gaps"] == []


def test_the_csv_has_the_same_days(client):
    ask(client, "can I share my account?")
    client.app.state.recorder.flush()
    since = (datetime.now(UTC).date() - timedelta(days=6)).isoformat()
    response = client.get(f"/api/insights.csv?since={since}", headers=AGENT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(f'attachment; filename="insights-{since}-')
    rows = list(csv.DictReader(io.StringIO(response.text)))
    days = client.get(f"/api/insights?since={since}", headers=AGENT).json()["by_day"]
    assert [row["day"] for row in rows] == [day["day"] for day in days] and len(rows) == 7
    assert rows[-1]["questions"] == "1" and rows[-1]["answered"] == "1"
    assert response.text.startswith("day,questions,") and set(rows[0]) == set(days[0])


@pytest.mark.parametrize("path", ["/api/insights", "/api/insights.csv"])
@pytest.mark.parametrize(
    ("query", "detail"),
    [
        (
            "since=2025-03-10&until=2025-03-01",
            "until: 2025-03-01 is before since, 2025-03-10: the range is reversed",
        ),
        (
            "since=2024-01-01&until=2025-03-01",
            "since: 2024-01-01 makes the range 426 days long: at most 366 at once",
        ),
        ("since=2025-3-1", "since: must be a date written YYYY-MM-DD, not '2025-3-1'"),
        ("until=2025-02-30", "until: 2025-02-30 is not a real calendar date"),
        ("since=1741564800", "since: must be a date written YYYY-MM-DD, not '1741564800'"),
        ("since=9999-12-31&until=9999-12-31", "until: must be before 9999-12-31"),
    ],
)
def test_a_range_that_cannot_be_counted_gets_a_422_that_says_why(client, path, query, detail):
    response = client.get(f"{path}?{query}", headers=AGENT)
    assert response.status_code == 422
    assert response.json()["detail"] == detail


def test_the_calendar_s_first_days_are_counted_like_any_others(client):
    response = client.get("/api/insights?since=0001-01-01&until=0001-01-02", headers=AGENT)
    assert response.status_code == 200 and response.json()["totals"]["questions"] == 0


@pytest.mark.parametrize("path", ["/api/insights", "/api/insights.csv"])
def test_the_insights_are_for_agents(client, path):
    response = client.get(path)
    assert response.status_code == 401 and "agent token" in response.json()["detail"]
    assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
