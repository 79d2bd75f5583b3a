"""`GET /api/rules` and `POST /api/rules/{name}` over HTTP, on the real app."""

from __future__ import annotations

import pytest

from assistant.rules import RULES


def test_the_rules_are_listed_with_their_input_schemas(client):
    response = client.get("/api/rules")
    assert response.status_code == 200
    listed = {rule["name"]: rule for rule in response.json()}
    assert list(listed) == list(RULES)
    refund = listed["refund_eligibility"]
    assert refund["description"]
    properties = refund["inputs"]["properties"]
    assert {
        "product",
        "payment_date",
        "launch_date",
        "certificate_date",
        "refund_window_days",
        "purchased_via",
        "as_of",
    } <= set(properties)
    assert "coursera_plus" in str(refund["inputs"])
    assert {"birth_date", "age"} <= set(listed["minimum_age"]["inputs"]["properties"])


def test_a_rule_runs_and_cites_the_clauses_it_applies(client):
    response = client.post(
        "/api/rules/refund_eligibility",
        json={"product": "coursera_plus", "payment_date": "2025-03-01", "as_of": "2025-03-10"},
    )
    assert response.status_code == 200
    outcome = response.json()
    assert outcome["eligible"] is True
    assert outcome["deadline"] == "2025-03-15"
    assert outcome["days_left"] == 5
    assert outcome["explanation"] and outcome["steps"]
    cited = outcome["citations"][0]
    assert cited["id"] == "refund-policy/for-coursera-plus"
    assert "within 14 days of your payment" in cited["quote"]
    assert cited["url"] == "/terms?quote=0-148#refund-policy/for-coursera-plus"


def test_money_is_a_number(client):
    response = client.post("/api/rules/liability_cap", json={"fees_paid_last_6_months_usd": 12.5})
    assert response.json()["cap_usd"] == 20
    assert response.json()["basis"] == "twenty_dollars"


@pytest.mark.parametrize(
    ("name", "body", "field", "message"),
    [
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-02-30"},
            "payment_date",
            "2025-02-30 is not a real calendar date",
        ),
        (
            "refund_eligibility",
            {"product": "bootcamp", "payment_date": "2025-02-01"},
            "product",
            "coursera_plus",
        ),
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-03-11", "as_of": "2025-03-10"},
            "payment_date",
            "is after as_of",
        ),
        (
            "refund_eligibility",
            {"product": "course", "payment_date": "2025-03-01", "refund_window_days": 30},
            "refund_window_days",
            "between 1 and 14",
        ),
        ("refund_eligibility", {"product": "course", "payed": "2025-03-01"}, "payed", "Extra inputs"),
        ("minimum_age", {}, "birth_date", "is required unless age is given"),
        ("liability_cap", {"fees_paid_last_6_months_usd": "lots"}, "fees_paid_last_6_months_usd", "decimal"),
    ],
)
def test_invalid_inputs_get_a_422_naming_the_field(client, name, body, field, message):
    response = client.post(f"/api/rules/{name}", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["field"] == field
    assert message in problem["errors"][0]["message"]
    assert problem["detail"].startswith(f"{field}: ")


def test_a_body_that_is_not_an_object_is_a_422(client):
    response = client.post("/api/rules/liability_cap", json=[1, 2])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_an_unknown_rule_is_a_404_with_a_message(client):
    response = client.post("/api/rules/refund_elegibility", json={})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "no rule is named 'refund_elegibility'" in detail
    assert "refund_eligibility" in detail
