"""Computed answers in `POST /api/chat`: rule replies, follow-up questions, and the turns that answer them."""

from __future__ import annotations

from typing import Any

from assistant.conversation.slots import QUESTIONS


def chat(client, *turns: str, as_of: str = "2025-03-10") -> dict[str, Any]:
    roles = ("user", "assistant")
    messages = [{"role": roles[n % 2], "content": text} for n, text in enumerate(turns)]
    response = client.post("/api/chat", json={"messages": messages, "as_of": as_of})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_rule_question_is_answered_by_the_rule(client):
    reply = chat(client, "I paid for Coursera Plus on March 1, can I still get a refund?")
    assert reply["abstained"] is False and reply["follow_up"] is None
    rule = reply["rule"]
    assert rule["name"] == "refund_eligibility"
    assert rule["inputs"]["product"] == "coursera_plus"
    assert rule["inputs"]["payment_date"] == "2025-03-01"
    assert rule["inputs"]["as_of"] == "2025-03-10"
    assert rule["outcome"]["eligible"] is True
    assert rule["outcome"]["deadline"] == "2025-03-15"
    assert rule["outcome"]["steps"]
    assert reply["citations"] == rule["citations"]
    assert reply["answer"].startswith("Yes: you can get a full refund until March 15, 2025 (5 days left).")
    for cited in reply["citations"]:
        assert f"[{cited['n']}]: “{cited['quote']}”" in reply["answer"]
    assert len(reply["retrieved"]) == 5
    assert reply["retrieved"][0]["id"] == "refund-policy/for-coursera-plus"


def test_a_missing_product_is_asked_for_with_options_after_the_clause_that_answers_in_general(client):
    reply = chat(client, "can I get a refund?")
    assert reply["rule"] is None and reply["abstained"] is False
    assert reply["follow_up"] == {
        "slot": "product",
        "question": QUESTIONS["product"].question,
        "options": list(QUESTIONS["product"].options),
    }
    (general,) = reply["citations"]  # every reply quotes something, the question comes last
    assert general["id"].startswith("refund-policy")
    assert (
        reply["answer"]
        == f"According to {general['title']} [1]: “{general['quote']}”\n\n{QUESTIONS['product'].question}"
    )
    assert len(reply["retrieved"]) == 5
    assert reply["retrieved"][0]["id"].startswith("refund-policy")


def test_the_follow_up_turns_fill_the_slots_one_by_one(client):
    first = chat(client, "can I get a refund?")
    second = chat(client, "can I get a refund?", first["answer"], "Coursera Plus")
    assert second["follow_up"]["slot"] == "payment_date" and second["follow_up"]["options"] == []
    third = chat(
        client, "can I get a refund?", first["answer"], "Coursera Plus", second["answer"], "on March 1st 2025"
    )
    assert third["follow_up"] is None
    assert third["rule"]["inputs"]["payment_date"] == "2025-03-01"
    assert third["rule"]["outcome"]["days_left"] == 5


def test_an_impossible_date_is_asked_again_with_a_note(client):
    asked = chat(client, "I want a refund for my course", QUESTIONS["payment_date"].question, "February 30")
    assert asked["follow_up"]["slot"] == "payment_date"
    assert asked["answer"].endswith(
        f"\n\n“February 30” isn't a real date. {QUESTIONS['payment_date'].question}"
    )


def test_a_future_payment_date_is_asked_again(client):
    asked = chat(client, "I paid for coursera plus on 2025-03-15, can I get a refund?")
    assert asked["follow_up"]["slot"] == "payment_date"
    assert "March 15, 2025 is later than today (March 10, 2025). When did you pay?" in asked["answer"]


def test_a_pre_enrolment_asks_for_the_launch(client):
    asked = chat(client, "I pre-enrolled in a course on March 1, can I get a refund?")
    assert asked["follow_up"]["slot"] == "launch_date"
    answered = chat(
        client, "I pre-enrolled in a course on March 1, can I get a refund?", asked["answer"], "April 10"
    )
    assert answered["rule"]["outcome"]["deadline"] == "2025-04-24"


def test_someone_else_deciding_is_said_plainly(client):
    reply = chat(client, "I bought Coursera Plus through the Apple App Store 3 days ago, can I get a refund?")
    assert reply["rule"]["outcome"]["eligible"] is None
    assert reply["answer"].startswith("Coursera doesn't decide this refund: the Apple App Store does.")
    assert reply["citations"][0]["id"] == "refund-policy/third-party-marketplaces"


def test_a_lookup_that_mentions_refunds_stays_a_lookup(client):
    reply = chat(client, "are guided projects refundable?")
    assert reply["rule"] is None and reply["follow_up"] is None and reply["abstained"] is False
    assert reply["citations"][0]["id"] == "refund-policy/for-guided-projects"
    assert "Coursera does not offer refunds for payments made for guided projects" in reply["answer"]


def test_other_rules_answer_in_the_chat(client):
    age = chat(client, "My daughter was born on June 1, 2013. Is she old enough to use Coursera?")
    assert age["rule"]["name"] == "minimum_age" and age["rule"]["outcome"]["allowed"] is False
    claim = chat(
        client,
        "is it too late to take coursera to court?",
        QUESTIONS["accrual_date"].question,
        "it happened 2 years ago",
    )
    assert claim["rule"]["name"] == "claim_deadline" and claim["rule"]["outcome"]["barred"] is True
    cap = chat(client, "How much can I get if I sue Coursera?", QUESTIONS["amount_usd"].question, "$45")
    assert cap["rule"]["outcome"]["cap_usd"] == 45
