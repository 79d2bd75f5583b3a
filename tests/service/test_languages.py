"""Languages over HTTP, on the real models: the reply's language detected or asked for, the pages
in the learner's language (and the agent's console in English), the OpenAI route too."""

from __future__ import annotations

import re

import pytest

from assistant.settings import ROOT
from assistant.terms.chunks import chunk_documents
from assistant.terms.page import load_documents

CHUNK_TEXT = {c.id: c.text for c in chunk_documents(load_documents(ROOT / "corpus"))}
REFUND = "¿Puedo pedir un reembolso de mi suscripción a Coursera Plus?"


def chat(client, content, headers=None, **more):
    body = {"messages": [{"role": "user", "content": content}], "as_of": "2025-03-10", **more}
    return client.post("/api/chat", json=body, headers=headers or {})


def test_a_spanish_question_gets_the_english_clause_introduced_in_spanish(client):
    reply = chat(client, REFUND).json()
    assert reply["language"] == "es" and reply["understood"]["language"] == "es"
    assert reply["citations"][0]["id"] == "refund-policy/for-coursera-plus"
    quote = reply["citations"][0]["quote"]
    assert quote in CHUNK_TEXT[reply["citations"][0]["id"]]  # the English text, verbatim
    framing = reply["answer"].replace(f"“{quote}”", "")
    assert "According to" not in framing and "inglés" in framing


def test_the_client_may_ask_for_a_language(client):
    reply = chat(client, "Can I get a refund for Coursera Plus?", language="pt-BR").json()
    assert reply["language"] == "pt"
    assert reply["citations"][0]["id"] == "refund-policy/for-coursera-plus"


@pytest.mark.parametrize("tag", ["", "e", "12", "es_ES_", "x" * 40, "<b>es</b>"])
def test_a_malformed_language_is_a_422_that_says_so(client, tag):
    response = chat(client, REFUND, language=tag)
    assert response.status_code == 422
    assert "language" in response.json()["detail"] and "BCP 47" in response.json()["detail"]


def test_accept_language_decides_when_the_turn_is_too_short_and_the_cache_keeps_them_apart(client):
    german = chat(client, "ok", headers={"Accept-Language": "de-DE,de;q=0.9"}).json()
    french = chat(client, "ok", headers={"Accept-Language": "fr"}).json()
    assert (german["language"], french["language"]) == ("de", "fr")
    assert german["answer"] != french["answer"]


def test_an_unsupported_language_is_answered_in_english_saying_so(client):
    reply = chat(client, "Kan ik mijn geld terugkrijgen voor mijn Coursera Plus abonnement?").json()
    assert reply["language"] == "en" and reply["understood"]["language"] == "nl"
    assert reply["answer"].startswith("I can't write in Dutch yet, so this answer is in English.")


def test_a_rule_answers_in_spanish_with_spanish_dates(client):
    body = {
        "messages": [
            {"role": "user", "content": "Compré Coursera Plus el 3 de marzo, ¿puedo pedir un reembolso?"}
        ],
        "as_of": "2025-03-10",
    }
    reply = client.post("/api/chat", json=body).json()
    assert reply["rule"]["name"] == "refund_eligibility"
    assert reply["rule"]["outcome"]["deadline"] == "2025-03-17"
    assert "17 de marzo de 2025" in reply["answer"]


def test_the_openai_route_answers_in_the_same_language(client):
    body = {"messages": [{"role": "user", "content": REFUND}], "as_of": "2025-03-10"}
    content = client.post("/v1/chat/completions", json=body).json()["choices"][0]["message"]["content"]
    assert "Fuentes:" in content and "Sources:" not in content


def test_the_learner_pages_speak_the_learners_language(client):
    page = client.get("/?lang=es").text
    assert re.search(r'<html lang="es" dir="ltr" data-locale="es">', page)
    assert 'data-language="es"' in page and "Enviar" in page
    assert 'id="interface-strings"' in page
    assert '<html lang="ar" dir="rtl"' in client.get("/?lang=ar").text
    assert (
        '<html lang="hi" dir="ltr" data-locale="hi-u-nu-deva"'
        in client.get("/", headers={"Accept-Language": "hi-IN,hi;q=0.9"}).text
    )
    terms = client.get("/terms?lang=de").text
    assert '<html lang="de"' in terms and 'lang="en"' in terms  # the clauses stay English
    widget = client.get("/widget?lang=fr").text
    assert '<html lang="fr"' in widget


def test_an_unknown_page_language_is_english_not_an_error(client):
    for lang in ("nl", "zz-ZZ", "<script>"):
        response = client.get("/", params={"lang": lang})
        assert response.status_code == 200
        assert '<html lang="en" dir="ltr"' in response.text and 'id="interface-strings"' not in response.text


def test_the_agent_console_stays_english(client):
    agent = {"Authorization": f"Bearer {client.app.state.agent_token}", "Accept-Language": "es"}
    page = client.get("/agent", headers=agent).text
    assert '<html lang="en" dir="ltr"' in page and 'id="interface-strings"' not in page
