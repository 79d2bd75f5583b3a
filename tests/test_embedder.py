"""The code around the model: the query cache and the micro-batcher (with a fake encode)."""

import threading
import time

import numpy as np
import pytest

from assistant.embedder import Batcher, Embedder, normalise_query


class HeldEncode:
    """Stands in for the model: records each call's batch, and holds each call until let go, so a
    test can queue queries behind a batch being encoded."""

    def __init__(self, held: bool = True) -> None:
        self.calls: list[list[str]] = []
        self.encoding = threading.Event()
        self.go = threading.Event()
        if not held:
            self.go.set()

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        self.encoding.set()
        assert self.go.wait(10)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def queue_behind_the_first_batch(batcher: Batcher, encode: HeldEncode, first: str, then: list[str]) -> None:
    """Submit `first`; while it is being encoded, submit `then`; once all wait, let the model go."""
    threads = [threading.Thread(target=batcher.submit, args=(first,))]
    threads[0].start()
    assert encode.encoding.wait(10)
    threads += [threading.Thread(target=batcher.submit, args=(text,)) for text in then]
    for thread in threads[1:]:
        thread.start()
    deadline = time.monotonic() + 10
    while batcher._queue.qsize() < len(then) and time.monotonic() < deadline:
        time.sleep(0.001)
    encode.go.set()
    for thread in threads:
        thread.join()


def test_a_lone_query_is_encoded_at_once_on_its_own():
    encode = HeldEncode(held=False)
    batcher = Batcher(encode)
    assert batcher.submit("abc").tolist() == [3.0, 1.0]
    assert encode.calls == [["abc"]]


def test_queries_arriving_together_share_one_model_call():
    encode = HeldEncode()
    batcher = Batcher(encode, max_batch=32)
    queue_behind_the_first_batch(batcher, encode, "first", [f"q{n}" for n in range(10)])
    assert encode.calls[0] == ["first"]
    assert len(encode.calls) == 2 and sorted(encode.calls[1]) == sorted(f"q{n}" for n in range(10))
    assert batcher.submit("q12345").tolist() == [6.0, 1.0]
    assert batcher.queries == 12 and batcher.batches == 3


def test_the_same_question_twice_in_a_batch_is_encoded_once():
    encode = HeldEncode()
    batcher = Batcher(encode)
    queue_behind_the_first_batch(batcher, encode, "warm", ["same"] * 3)
    assert encode.calls == [["warm"], ["same"]]
    assert batcher.queries == 4 and batcher.batches == 2


def test_a_failing_model_call_fails_every_request_waiting_on_it():
    def broken(texts):
        raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError, match="out of memory"):
        Batcher(broken).submit("anything")


def test_the_query_cache_ignores_case_and_spacing(engine):
    embedder = engine.embedder
    hits = embedder.cache_hits
    first = embedder.encode_query("Can I  get a REFUND for the cache test?")
    second = embedder.encode_query("can i get a refund for the cache test?")
    assert embedder.cache_hits == hits + 1 and np.array_equal(first, second)
    assert normalise_query("  A\tB  ") == "a b"
    assert not first.flags.writeable


def test_arguments_are_checked_up_front():
    with pytest.raises(ValueError):
        Embedder("")
    with pytest.raises(ValueError):
        Embedder("model", cache_size=-1)
    with pytest.raises(ValueError):
        Batcher(lambda texts: np.zeros((len(texts), 2)), max_batch=0)
