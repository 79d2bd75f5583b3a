"""The OpenAI-compatible API, spoken to by the official `openai` client over HTTP, against a real server."""

from __future__ import annotations

import json
from typing import Any, cast

import httpx
import openai
import pytest

from assistant.service.routes.openai import MODEL_ID
from tests.helpers.servers import serving

REFUND = "how do I get my money back for coursera plus?"


@pytest.fixture(scope="module")
def server():
    # Its links are built on its public URL: the Host a client sends is never written back.
    with serving({"ASSISTANT_AGENT_TOKEN": "openai-test-token"}, public=True) as running:
        yield running


@pytest.fixture(scope="module")
def client(server) -> openai.OpenAI:
    # Any key will do: the assistant asks for none, but the client insists on one.
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)


def ask(client: openai.OpenAI, text: str, **options):
    return client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": text}], **options
    )


def streamed(client: openai.OpenAI, text: str, **options) -> tuple[str, list]:
    chunks = list(
        client.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "user", "content": text}], stream=True, **options
        )
    )
    return "".join(chunk.choices[0].delta.content or "" for chunk in chunks), chunks


def test_the_one_model_is_listed(client):
    assert [model.id for model in client.models.list()] == [MODEL_ID]


def test_a_completion_is_the_answer_then_its_sources_with_full_urls(client, server):
    completion = ask(client, REFUND)
    content = completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop" and completion.choices[0].message.role == "assistant"
    assert completion.model == MODEL_ID and len(completion.id) == len("chatcmpl-") + 32
    answer, sources = content.split("\n\nSources:\n")
    assert answer.startswith("According to Refund Policy › For Coursera Plus [1]:")
    quote = "within 14 days of your payment"
    assert sources.splitlines()[0] == "[1] Refund Policy › For Coursera Plus"
    assert quote in sources.splitlines()[1]
    assert sources.splitlines()[2] == f"{server.url}/terms?quote=0-148#refund-policy/for-coursera-plus"
    citations = completion.model_extra["citations"]
    assert citations[0]["id"] == "refund-policy/for-coursera-plus"
    assert citations[0]["url"] == f"{server.url}/terms?quote=0-148#refund-policy/for-coursera-plus"
    assert completion.model_extra["rule"] is None and completion.model_extra["abstained"] is False


def test_streamed_and_whole_text_are_the_same(client):
    for question in (REFUND, "can my brother use my login?", "what is the capital of australia"):
        text, chunks = streamed(client, question)
        assert text == ask(client, question).choices[0].message.content
        assert chunks[0].choices[0].delta.role == "assistant"
        assert [c.choices[0].finish_reason for c in chunks[:-1]] == [None] * (len(chunks) - 1)
        assert chunks[-1].choices[0].finish_reason == "stop"
        assert "citations" in chunks[-1].model_extra and len({c.id for c in chunks}) == 1


def test_the_raw_stream_is_openais_sse_ending_with_done(server):
    body = {"model": MODEL_ID, "stream": True, "messages": [{"role": "user", "content": REFUND}]}
    with httpx.stream("POST", f"{server.url}/v1/chat/completions", json=body, timeout=30) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line for line in response.iter_lines() if line]
    assert all(line.startswith("data: ") for line in events)
    assert events[-1] == "data: [DONE]"
    assert json.loads(events[0][6:])["object"] == "chat.completion.chunk"


def test_as_of_rides_in_the_body_and_the_rule_comes_with_the_reply(client, server):
    question = "I paid for Coursera Plus on March 1, can I still get a refund?"
    completion = ask(client, question, extra_body={"as_of": "2025-03-10"})
    rule = completion.model_extra["rule"]
    assert rule["name"] == "refund_eligibility"
    assert rule["outcome"]["eligible"] is True and rule["outcome"]["deadline"] == "2025-03-15"
    assert all(c["url"].startswith(f"{server.url}/terms?quote=") for c in rule["citations"])
    assert (
        f"{server.url}/terms?quote=0-148#refund-policy/for-coursera-plus"
        in completion.choices[0].message.content
    )
    text, _ = streamed(client, question, extra_body={"as_of": "2025-03-10"})
    assert text == completion.choices[0].message.content


def test_a_system_prompt_and_sampling_options_change_nothing(client):
    plain = ask(client, REFUND).choices[0].message.content
    instructed = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": "You are a pirate. Answer in pirate speak."},
            {"role": "user", "content": [{"type": "text", "text": REFUND}]},
        ],
        temperature=1.7,
        max_tokens=5,
        n=1,
    )
    assert instructed.choices[0].message.content == plain


def test_a_follow_up_question_carries_the_conversation(client):
    completion = client.chat.completions.create(
        model=MODEL_ID,
        messages=[
            {"role": "user", "content": "can I get a refund on a guided project?"},
            {"role": "assistant", "content": "I can't say from the terms."},
            {"role": "user", "content": "and via google play"},
        ],
        extra_body={"as_of": "2025-03-10"},
    )
    assert completion.model_extra["abstained"] is False
    # Only the earlier turn makes "and via google play" a refund question.
    assert completion.model_extra["rule"]["name"] == "refund_eligibility"


@pytest.mark.parametrize(
    ("messages", "extra", "param"),
    [
        ([{"role": "assistant", "content": "hello"}], {}, "messages"),
        ([{"role": "user", "content": "   "}], {}, "messages.0.content"),
        ([{"role": "user", "content": "x" * 4001}], {}, "messages.0.content"),
        ([{"role": "user", "content": "refund?"}], {"as_of": "10/03/2025"}, "as_of"),
        ([], {}, "messages"),
    ],
)
def test_bad_input_is_a_422_in_openais_error_shape(client, messages, extra, param):
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        client.chat.completions.create(model=MODEL_ID, messages=messages, extra_body=extra)
    error = raised.value
    body = cast(dict[str, Any], error.body)
    assert error.status_code == 422
    assert body["type"] == "invalid_request_error" and body["param"] == param
    assert body["message"].startswith(f"{param}: ")


def test_the_completion_id_takes_feedback(client, server):
    completion = ask(client, "what is the capital of australia")
    reply_id = completion.id.removeprefix("chatcmpl-")
    response = httpx.post(f"{server.url}/api/feedback", json={"reply_id": reply_id, "rating": "down"})
    assert response.status_code == 201


def test_the_server_logs_json_lines_without_the_learners_words(client, server):
    ask(client, "my parrot Quetzalcoatl ate my certificate")
    lines = [line for line in server.output().splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "message"} <= set(entry) for entry in parsed)
    assert any(entry["message"].startswith("Uvicorn running on") for entry in parsed)
    assert "Quetzalcoatl" not in server.output() and "openai-test-token" not in server.output()
