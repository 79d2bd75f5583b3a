"""The HTTP API on the real model and the real index."""

import pytest

from assistant.settings import ROOT
from assistant.terms.chunks import chunk_documents
from assistant.terms.page import load_documents

CHUNK_TEXT = {c.id: c.text for c in chunk_documents(load_documents(ROOT / "corpus"))}


def ask(client, *contents, as_of="2025-03-10"):
    messages = [{"role": "user" if i % 2 == 0 else "assistant", "content": c} for i, c in enumerate(contents)]
    return client.post("/api/chat", json={"messages": messages, "as_of": as_of})


def test_a_lookup_reply_follows_the_contract(client):
    response = ask(client, "Can my brother use my Coursera login?")
    assert response.status_code == 200
    reply = response.json()
    assert set(reply) >= {"answer", "abstained", "citations", "rule", "follow_up", "retrieved"}
    assert reply["abstained"] is False and reply["rule"] is None and reply["follow_up"] is None
    assert 1 <= len(reply["citations"]) <= 2
    for n, cited in enumerate(reply["citations"], start=1):
        assert cited["n"] == n and f"[{n}]" in reply["answer"]
        assert cited["url"].startswith("/terms?quote=") and cited["url"].endswith(f"#{cited['id']}")
        assert cited["quote"] in CHUNK_TEXT[cited["id"]]
        assert cited["quote"] in reply["answer"]
    assert len(reply["retrieved"]) == 5
    for item in reply["retrieved"]:
        assert item["text"] == CHUNK_TEXT[item["id"]]
        assert set(item) == {"id", "title", "text", "score"}


def test_the_quote_is_the_sentence_that_answers(client):
    reply = ask(client, "how do I get my money back for coursera plus?").json()
    assert reply["citations"][0]["id"] == "refund-policy/for-coursera-plus"
    assert "within 14 days of your payment" in reply["citations"][0]["quote"]


def test_an_out_of_scope_question_is_declined_with_the_closest_clauses(client):
    reply = ask(client, "what is the capital of australia?").json()
    assert reply["abstained"] is True
    assert reply["citations"] == []
    assert "don't cover" in reply["answer"]
    assert len(reply["retrieved"]) == 5


def test_a_terse_follow_on_takes_context_from_the_turn_before(client):
    reply = ask(
        client,
        "can I get a refund on a guided project?",
        "I can't say from the terms.",
        "and via google play",
    ).json()
    assert not reply["abstained"]
    # Asked alone, it is a lookup of the marketplaces clause: the refund rule and the guided
    # projects' clause come from the turn before.
    assert reply["rule"]["name"] == "refund_eligibility"
    assert reply["retrieved"][0]["id"] == "refund-policy/for-guided-projects"


def test_hostile_text_is_just_a_question(client):
    response = ask(client, "<img src=x onerror=alert(1)><script>alert(1)</script> \u202e\u200b")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"messages": []}, "messages"),
        ({}, "messages"),
        ({"messages": [{"role": "user", "content": "   "}]}, "messages.0.content"),
        ({"messages": [{"role": "user", "content": "x" * 4001}]}, "messages.0.content"),
        ({"messages": [{"role": "robot", "content": "hi"}]}, "messages.0.role"),
        ({"messages": [{"role": "user", "content": "hi"}], "as_of": "10/03/2025"}, "as_of"),
        ({"messages": [{"role": "user", "content": "hi"}], "as_of": "2025-02-30"}, "as_of"),
        ({"messages": [{"role": "user", "content": "hi"}], "as_of": 1700000000}, "as_of"),
        ({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}, "body"),
        ({"messages": [{"role": "user", "content": 5}]}, "messages.0.content"),
        ({"messages": "hello"}, "messages"),
        ({"messages": [{"role": "user", "content": "hi"}], "extra": 1}, "extra"),
    ],
    ids=[
        "no-messages",
        "no-body-fields",
        "blank",
        "too-long",
        "unknown-role",
        "malformed-as-of",
        "impossible-as-of",
        "numeric-as-of",
        "assistant-last",
        "number-content",
        "string-messages",
        "unknown-field",
    ],
)
def test_bad_input_gets_a_422_naming_the_problem(client, body, field):
    response = client.post("/api/chat", json=body)
    assert response.status_code == 422, response.text
    error = response.json()
    assert isinstance(error["detail"], str) and error["detail"]
    assert field in [e["field"] for e in error["errors"]], error
    assert "Traceback" not in response.text


def test_a_lone_surrogate_gets_a_422(client):
    body = b'{"messages": [{"role": "user", "content": "hi \\ud800"}]}'
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("messages.0.content: ")


def test_malformed_json_gets_a_422(client):
    response = client.post(
        "/api/chat", content=b'{"messages": [', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]


def test_an_impossible_date_says_so(client):
    response = client.post(
        "/api/chat", json={"messages": [{"role": "user", "content": "hi"}], "as_of": "2025-02-30"}
    )
    assert response.json()["detail"] == "as_of: 2025-02-30 is not a real calendar date"


def test_search_ranks_clauses_with_scores_and_sentences(client):
    response = client.get("/api/search", params={"q": "reverse engineer the app", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "reverse engineer the app" and len(body["hits"]) == 3
    top = body["hits"][0]
    assert top["id"].startswith("acceptable-use-policy/you-also-arent-allowed-to")
    assert "Try to reverse engineer any portion of our services." in top["sentences"]


@pytest.mark.parametrize(
    "params", [{}, {"q": ""}, {"q": "  "}, {"q": "\x1c\x00"}, {"q": "x", "k": 0}, {"q": "x", "k": 99}]
)
def test_search_refuses_bad_queries_naming_the_field(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] in ("q", "k")


def test_a_clause_by_id_including_a_part_number(client):
    response = client.get("/api/clauses/terms-of-use/limitation-of-liability%232")
    assert response.status_code == 200
    clause = response.json()
    assert clause["id"] == "terms-of-use/limitation-of-liability#2"
    assert clause["text"] == CHUNK_TEXT[clause["id"]]
    assert clause["sentences"] and all(s in clause["text"] for s in clause["sentences"])


def test_an_unknown_clause_is_a_404_with_a_message(client):
    response = client.get("/api/clauses/refund-policy/for-free-lunches")
    assert response.status_code == 404
    assert "no clause has the id 'refund-policy/for-free-lunches'" in response.json()["detail"]


def test_health_reports_the_loaded_index(client, engine):
    health = client.get("/healthz").json()
    assert health == {
        "status": "ok",
        "index": engine.index.build_id,
        "chunks": 57,
        "model": "sentence-transformers/all-MiniLM-L6-v2",
    }


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/chat", "/api/search", "/api/clauses/{clause_id}", "/healthz"} <= set(paths)


def test_an_unknown_route_is_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.json()["detail"] == "Not Found"
