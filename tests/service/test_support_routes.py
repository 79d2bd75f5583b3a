"""Feedback, handoff to a person and the tickets, through the HTTP API on the real model."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from assistant.conversation.handoff import OFFER
from tests.helpers.apps import app_on

TOKEN = "agent-secret"
AGENT = {"Authorization": f"Bearer {TOKEN}"}


def make_client(engine, **overrides):
    return TestClient(app_on(engine, agent_token=TOKEN, **overrides))


@pytest.fixture
def client(engine, tmp_path):
    with make_client(engine, data_dir=tmp_path) as test_client:
        yield test_client


def conversation(*contents: str) -> list[dict[str, str]]:
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": c} for i, c in enumerate(contents)]


def ask(client, *contents: str) -> dict:
    response = client.post("/api/chat", json={"messages": conversation(*contents), "as_of": "2025-03-10"})
    assert response.status_code == 200, response.text
    return response.json()


def stream(client, *contents: str) -> dict:
    response = client.post(
        "/api/chat/stream", json={"messages": conversation(*contents), "as_of": "2025-03-10"}
    )
    assert response.status_code == 200
    done = [block for block in response.text.split("\n\n") if block.startswith("event: done")]
    return json.loads(done[0].split("data: ", 1)[1])


def test_a_rating_is_kept_for_a_reply_fresh_cached_or_streamed(client):
    fresh = ask(client, "do you offer a student discount")
    cached = ask(client, "do you offer a student discount")
    streamed = stream(client, "how do I get my money back for coursera plus?")
    assert fresh["id"] != cached["id"]
    for reply, rating in ((fresh, "down"), (cached, "up"), (streamed, "up")):
        response = client.post("/api/feedback", json={"reply_id": reply["id"], "rating": rating})
        assert response.status_code == 201, response.text
        assert response.json()["reply_id"] == reply["id"] and response.json()["rating"] == rating
    listed = client.get("/api/feedback", headers=AGENT).json()
    assert [(entry["reply_id"], entry["rating"]) for entry in listed] == [
        (streamed["id"], "up"),
        (cached["id"], "up"),
        (fresh["id"], "down"),
    ]
    assert listed[2]["question"] == "do you offer a student discount" and listed[2]["kind"] == "declined"
    assert listed[0]["kind"] == "lookup"


def test_a_comment_comes_with_the_rating(client):
    reply = ask(client, "can my brother use my login?")
    response = client.post(
        "/api/feedback", json={"reply_id": reply["id"], "rating": "down", "comment": "I meant my family plan"}
    )
    assert response.status_code == 201
    assert (
        client.get("/api/feedback?rating=down", headers=AGENT).json()[0]["comment"]
        == "I meant my family plan"
    )


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (
            {"reply_id": "0" * 32, "rating": "up"},
            404,
            "no reply has the id '00000000000000000000000000000000'",
        ),
        ({"reply_id": "not an id", "rating": "up"}, 404, "no reply has the id 'not an id'"),
        ({"reply_id": "0" * 32, "rating": "meh"}, 422, "rating: Input should be 'up' or 'down'"),
        ({"rating": "up"}, 422, "reply_id: Field required"),
        ({"reply_id": "0" * 32, "rating": "up", "comment": "   "}, 422, "comment: must not be blank"),
        ({"reply_id": "0" * 32, "rating": "up", "stars": 5}, 422, "stars: Extra inputs are not permitted"),
    ],
)
def test_bad_feedback_is_refused_with_a_reason(client, body, status, detail):
    response = client.post("/api/feedback", json=body)
    assert response.status_code == status
    assert response.json()["detail"] == detail


def test_asking_for_a_person_gets_the_offer_not_a_clause(client):
    for words in ("talk to a human", "Can I speak to an agent please?", "connect me with customer support"):
        reply = ask(client, words)
        assert reply["handoff"] is True and reply["answer"] == OFFER
        assert reply["citations"] == [] and reply["abstained"] is False


def test_a_decline_offers_a_person_and_an_answer_does_not(client):
    assert ask(client, "what is the capital of australia?")["handoff"] is True
    assert ask(client, "can my brother use my login?")["handoff"] is False


def test_a_handoff_opens_a_ticket_with_the_transcript_and_the_last_cited_reply(client):
    before = client.get("/metrics", headers=AGENT).text
    messages = conversation(
        "how do I get my money back for coursera plus?",
        "According to Refund policy › For Coursera Plus [1]: …",
        "that doesn't help, talk to a human",
    )
    response = client.post(
        "/api/handoff", json={"messages": messages, "email": " learner@example.com ", "as_of": "2025-03-10"}
    )
    assert response.status_code == 201, response.text
    handed = response.json()
    assert "a person on the support team will read this conversation and follow up" in handed["answer"]
    assert (
        "learner@example.com" in handed["answer"]
        and f"ticket number is {handed['ticket']}" in handed["answer"]
    )

    (ticket,) = [t for t in client.get("/api/tickets", headers=AGENT).json() if t["id"] == handed["ticket"]]
    assert ticket["status"] == "open" and ticket["email"] == "learner@example.com"
    assert ticket["transcript"] == messages
    assert ticket["last_reply"]["citations"][0]["id"] == "refund-policy/for-coursera-plus"
    # The suggestion answers the learner's last real question, not "talk to a human".
    assert ticket["question"] == "how do I get my money back for coursera plus?"
    assert ticket["suggested"]["citations"][0]["id"] == "refund-policy/for-coursera-plus"
    assert "assistant_tickets_opened_total 0.0" in before
    assert "assistant_tickets_opened_total 1.0" in client.get("/metrics", headers=AGENT).text


def test_a_suggested_rule_answer_is_worked_out_as_of_the_day_the_ticket_was_opened(client):
    asked = "I paid for Coursera Plus 3 days ago, can I get a refund?"
    messages = conversation(asked, "Yes: …", "talk to a person")
    handed = client.post("/api/handoff", json={"messages": messages}).json()
    (ticket,) = [t for t in client.get("/api/tickets", headers=AGENT).json() if t["id"] == handed["ticket"]]
    # "3 days ago" meant 3 days before the learner wrote, whenever an agent reads it.
    opened = date.fromisoformat(ticket["created"][:10])
    inputs = ticket["suggested"]["rule"]["inputs"]
    assert inputs["as_of"] == opened.isoformat()
    assert inputs["payment_date"] == (opened - timedelta(days=3)).isoformat()


def test_a_handoff_after_a_decline_keeps_no_cited_reply(client):
    messages = conversation("do you offer a student discount")
    handed = client.post("/api/handoff", json={"messages": messages}).json()
    (ticket,) = [t for t in client.get("/api/tickets", headers=AGENT).json() if t["id"] == handed["ticket"]]
    assert ticket["last_reply"] is None and ticket["email"] is None
    assert ticket["suggested"]["abstained"] is True and len(ticket["suggested"]["retrieved"]) == 5
    assert "by email" not in handed["answer"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"messages": conversation("help"), "email": "not-an-email"}, "email"),
        ({"messages": conversation("help"), "email": "a@b.c\nBcc: x@y.z"}, "email"),
        ({"messages": [{"role": "assistant", "content": "hello"}]}, "body"),
        ({"messages": []}, "messages"),
        ({"messages": conversation("help"), "as_of": "yesterday"}, "as_of"),
    ],
)
def test_a_bad_handoff_is_refused_by_field(client, body, field):
    response = client.post("/api/handoff", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_an_agent_closes_a_ticket(client):
    handed = client.post("/api/handoff", json={"messages": conversation("talk to a person")}).json()
    (ticket,) = [t for t in client.get("/api/tickets", headers=AGENT).json() if t["id"] == handed["ticket"]]
    assert ticket["suggested"] is None and ticket["question"] is None  # nothing asked but for a person
    closed = client.post(f"/api/tickets/{handed['ticket']}/close", headers=AGENT)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert handed["ticket"] not in [t["id"] for t in client.get("/api/tickets", headers=AGENT).json()]
    assert handed["ticket"] in [
        t["id"] for t in client.get("/api/tickets?status=closed", headers=AGENT).json()
    ]
    missing = client.post("/api/tickets/999999/close", headers=AGENT)
    assert missing.status_code == 404 and missing.json() == {"detail": "no ticket has the number 999999"}
    assert client.post("/api/tickets/0/close", headers=AGENT).status_code == 422
    assert client.post(f"/api/tickets/{2**40}/close", headers=AGENT).status_code == 422


def test_what_was_recorded_survives_a_restart(engine, database_url):
    with make_client(engine, database_url=database_url) as first:
        reply = ask(first, "do you offer a student discount")
        first.post("/api/feedback", json={"reply_id": reply["id"], "rating": "down"})
        ticket = first.post("/api/handoff", json={"messages": conversation("talk to a human")}).json()[
            "ticket"
        ]
        streamed = stream(first, "what is the capital of australia")  # still queued at shutdown
    with make_client(engine, database_url=database_url) as second:
        assert [entry["reply_id"] for entry in second.get("/api/feedback", headers=AGENT).json()] == [
            reply["id"]
        ]
        assert [t["id"] for t in second.get("/api/tickets", headers=AGENT).json()] == [ticket]
        assert (
            second.post("/api/feedback", json={"reply_id": streamed["id"], "rating": "up"}).status_code == 201
        )
