"""The recorder: replies queued on the request path, written in batches by one thread, in order."""

from __future__ import annotations

import json
import threading
import time
import tracemalloc

import pytest

from assistant.models import Citation, FollowUp, Reply, RuleAnswer, new_id
from assistant.support import writer as writer_module
from assistant.support.reply_bytes import with_new_id
from assistant.support.writer import Recorder


def chat_bytes(question: str, reply: Reply) -> tuple[bytes, bytes]:
    request = json.dumps({"messages": [{"role": "user", "content": question}], "as_of": "2025-03-10"})
    return request.encode(), reply.model_dump_json().encode()


def declined() -> Reply:
    return Reply(
        answer="The terms don't cover this.", abstained=True, citations=[], retrieved=[], handoff=True
    )


def cited() -> Reply:
    return Reply(
        answer="According to [1]",
        abstained=False,
        citations=[
            Citation(n=1, id="refund-policy", title="Refund policy", quote="…", url="/terms#refund-policy")
        ],
        retrieved=[],
    )


@pytest.fixture
def recorder(database_url):
    opened = Recorder(database_url)
    opened.open()
    yield opened
    opened.close()


def dropped(recorder: Recorder) -> int:
    return recorder.dropped


def kinds(recorder: Recorder) -> dict[str, int]:
    return {kind: count for kind, count in recorder.recorded.items() if count}


def test_chat_replies_are_read_from_their_bytes_and_classified(recorder):
    rule = RuleAnswer(name="refund_eligibility", inputs={}, outcome={}, citations=[])
    replies = {
        "can I pay in bitcoin?": declined(),
        "how do refunds work?": cited(),
        "I paid 3 days ago, refund?": cited().model_copy(update={"rule": rule}),
        "can I get a refund?": cited().model_copy(
            update={"follow_up": FollowUp(slot="product", question="?")}
        ),
        "talk to a human": Reply(
            answer="I can pass this on", abstained=False, citations=[], retrieved=[], handoff=True
        ),
    }
    for question, reply in replies.items():
        recorder.chat_reply(*chat_bytes(question, reply))
    recorder.flush()
    got = {question: recorder.store.reply(reply.id) for question, reply in replies.items()}
    assert {question: kept.kind for question, kept in got.items()} == {
        "can I pay in bitcoin?": "declined",
        "how do refunds work?": "lookup",
        "I paid 3 days ago, refund?": "rule",
        "can I get a refund?": "follow_up",
        "talk to a human": "handoff",
    }
    assert got["how do refunds work?"].citations == ["refund-policy"]
    assert got["I paid 3 days ago, refund?"].rule == "refund_eligibility"
    assert kinds(recorder) == {"lookup": 1, "rule": 1, "declined": 1, "follow_up": 1, "handoff": 1}


def with_language(reply: Reply, language: object) -> bytes:
    """The reply's JSON as the multilingual replies send it: with a top-level `language`."""
    return json.dumps({**reply.model_dump(mode="json"), "language": language}).encode()


def test_a_reply_is_recorded_in_the_language_it_says_and_english_when_it_says_none(recorder):
    spanish, silent, odd = cited(), cited(), cited()
    request = chat_bytes("¿cómo funcionan los reembolsos?", spanish)[0]
    recorder.chat_reply(request, with_language(spanish, "es"))
    recorder.chat_reply(*chat_bytes("how do refunds work?", silent))
    recorder.chat_reply(request, with_language(odd, "x" * 40))  # too long for the column: not a tag
    recorder.reply("what is the honor code?", declined())
    recorder.flush()
    assert recorder.store.reply(spanish.id).language == "es"
    assert recorder.store.reply(silent.id).language == "en"
    assert recorder.store.reply(odd.id).language == "en"
    assert dropped(recorder) == 0


def test_a_repeated_question_is_recorded_each_time_with_its_own_id(recorder):
    request, reply = chat_bytes("can I pay in bitcoin?", declined())
    again = [with_new_id(reply) for _ in range(3)]
    for each in (reply, *again):
        recorder.chat_reply(request, each)
    recorder.flush()
    for each in again:
        kept = recorder.store.reply(json.loads(each)["id"])
        assert kept is not None and kept.question == "can I pay in bitcoin?" and kept.kind == "declined"
    assert kinds(recorder)["declined"] == 4


def test_replies_made_elsewhere_are_recorded_with_their_question(recorder):
    reply = cited()
    recorder.reply("how do refunds work?", reply)
    recorder.flush()
    assert recorder.store.reply(reply.id).question == "how do refunds work?"


def test_recording_costs_the_request_no_wait(recorder, monkeypatch):
    request, reply = chat_bytes("can I pay in bitcoin?", declined())
    slow = threading.Event()
    original = recorder.store.add_replies

    def slow_write(rows):
        slow.wait(5)  # the database is stuck
        original(rows)

    monkeypatch.setattr(recorder.store, "add_replies", slow_write)
    started = time.perf_counter()
    for _ in range(1000):
        recorder.chat_reply(request, with_new_id(reply))
    assert time.perf_counter() - started < 0.5  # a thousand appends, however slow the database
    slow.set()
    recorder.flush()


def test_calls_run_after_the_replies_queued_before_them(recorder):
    reply = declined()
    recorder.chat_reply(*chat_bytes("can I pay in bitcoin?", reply))
    # No flush: the call is queued behind the reply, so it finds it.
    assert recorder.call(lambda store: store.reply(reply.id) is not None).result(10)


def test_closing_writes_what_is_queued(database_url):
    recorder = Recorder(database_url)
    reply = declined()
    recorder.chat_reply(*chat_bytes("can I pay in bitcoin?", reply))  # opens it on first use
    recorder.close()
    reopened = Recorder(database_url)
    try:
        assert reopened.store.reply(reply.id) is not None
    finally:
        reopened.close()


def test_an_unreadable_reply_is_counted_and_the_rest_are_kept(recorder, caplog):
    good = declined()
    request = b'{"messages": [{"role": "user", "content": "my secret Zanzibar question"}]}'
    recorder.chat_reply(request, b'{"id":"' + new_id().encode() + b'", "answer": "Zanzibar"}')
    recorder.chat_reply(*chat_bytes("can I pay in bitcoin?", good))
    recorder.flush()
    assert recorder.store.reply(good.id) is not None
    assert dropped(recorder) == 1
    # The error is logged by its kind: its text would quote the learner.
    assert "could not be read" in caplog.text and "Zanzibar" not in caplog.text


def test_past_the_limit_replies_are_dropped_and_counted(recorder, monkeypatch):
    monkeypatch.setattr(writer_module, "MAX_PENDING", 0)
    recorder.reply("anything", declined())
    assert dropped(recorder) == 1
    # Calls still go through: their callers are waiting.
    assert recorder.call(lambda store: "done").result(10) == "done"


def chat_of(number: int, size: int) -> bytes:
    """A distinct chat request of about `size` bytes."""
    content = f"question {number}: " + "can I share my account? " * (size // 24)
    return json.dumps({"messages": [{"role": "user", "content": content[:size]}]}).encode()


@pytest.mark.parametrize("size", [56 * 1024, 6 * 1024], ids=["56-KiB-chats", "6-KiB-chats"])
def test_the_memory_of_repeated_replies_stays_within_its_stated_bound(size):
    recorder = Recorder("sqlite://")  # its memory only: nothing is written
    reply = cited().model_dump_json().encode() + b" " * 5000  # as long as a reply with its retrieval
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        held = 0
        for number in range(4100):
            recorder._chat_row(chat_of(number, size), with_new_id(reply), 0.0)
            if number % 50 == 0:
                held = max(held, tracemalloc.get_traced_memory()[0] - base)
    finally:
        tracemalloc.stop()
    # The figure stated beside MAX_REMEMBERED_BYTES: about 20 MB in all, overheads included.
    assert held < 20 * 2**20, f"{held / 2**20:.1f} MiB held"
    assert recorder._remembered_bytes <= writer_module.MAX_REMEMBERED_BYTES
    print(f"{size // 1024} KiB chats ×4100: at most {held / 2**20:.1f} MiB held")


def test_a_short_question_asked_again_is_not_parsed_again(monkeypatch):
    recorder = Recorder("sqlite://")
    parsed: list[bytes] = []
    parse = writer_module._chat_row

    def counted(request: bytes, reply: bytes, at: float):
        parsed.append(request)
        return parse(request, reply, at)

    monkeypatch.setattr(writer_module, "_chat_row", counted)
    request, reply = chat_bytes("can I pay in bitcoin?", declined())
    rows = [recorder._chat_row(request, with_new_id(reply), 0.0) for _ in range(100)]
    assert len(parsed) == 1 and len({row["id"] for row in rows}) == 100
