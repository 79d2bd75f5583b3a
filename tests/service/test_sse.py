"""`POST /api/chat/stream`: the reply as Server-Sent Events, in the order the pages render them."""

from __future__ import annotations

import json

from assistant.models import Reply
from assistant.service.sse import pieces, reply_events, sse


def parse(stream: str) -> list[tuple[str, dict]]:
    events = []
    for block in stream.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def ask(client, question: str, **extra):
    body = {"messages": [{"role": "user", "content": question}], "as_of": "2025-03-10", **extra}
    return client.post("/api/chat/stream", json=body)


def test_the_events_come_in_order_and_add_up_to_the_reply(client):
    question = "can I share my quiz answers with a friend?"
    response = ask(client, question)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    events = parse(response.text)
    names = [name for name, _ in events]
    assert names[0] == "retrieved"
    assert names[-2:] == ["citations", "done"]
    assert set(names[1:-2]) == {"answer"} and len(names) > 4

    done = events[-1][1]
    plain = client.post(
        "/api/chat", json={"messages": [{"role": "user", "content": question}], "as_of": "2025-03-10"}
    )
    # The same reply, apart from its id: every reply has an id of its own.
    assert {**done, "id": ""} == {**plain.json(), "id": ""} and len(done["id"]) == 32
    assert "".join(data["text"] for name, data in events if name == "answer") == done["answer"]
    assert events[0][1]["retrieved"] == done["retrieved"]
    citations = events[-2][1]
    assert citations == {"citations": done["citations"], "rule": done["rule"], "follow_up": done["follow_up"]}
    assert done["citations"], "a lookup question is answered with a citation"


def test_invalid_input_gets_the_json_422_before_any_stream(client):
    response = client.post("/api/chat/stream", json={"messages": [{"role": "user", "content": "   "}]})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"] == "messages.0.content: must not be blank"


def test_a_malformed_body_is_a_422_too(client):
    response = client.post(
        "/api/chat/stream", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]


def test_pieces_join_back_exactly():
    for text in ["", "one", "  leading and trailing  ", "According to X [1]: “a\n\nb”  c d e f g h i"]:
        assert "".join(pieces(text)) == text
    assert len(pieces("one two three four five six seven eight nine", words=4)) == 3


def test_an_event_is_one_data_line_even_with_newlines_in_the_text():
    event = sse("answer", {"text": "a\n\nb"})
    assert event == 'event: answer\ndata: {"text": "a\\n\\nb"}\n\n'


def test_reply_events_for_a_decline():
    reply = Reply(answer="The terms don't cover this.", abstained=True, citations=[], retrieved=[])
    events = parse("".join(reply_events(reply)))
    assert events[0] == ("retrieved", {"retrieved": [], "abstained": True})
    assert events[-1] == ("done", reply.model_dump(mode="json"))
