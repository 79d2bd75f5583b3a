"""The code around the model: the query cache and the micro-batcher (with a fake encode)."""

import threading
import time

import numpy as np
import pytest

from assistant.embedder import Batcher, Embedder, normalise_query


class SlowEncode:
    """Stands in for the model: records each call's batch and takes a while, as the model does."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        time.sleep(0.05)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_a_lone_query_is_encoded_at_once_on_its_own():
    encode = SlowEncode()
    batcher = Batcher(encode)
    assert batcher.submit("abc").tolist() == [3.0, 1.0]
    assert encode.calls == [["abc"]]


def test_queries_arriving_together_share_one_model_call():
    encode = SlowEncode()
    batcher = Batcher(encode, max_batch=32)
    results: dict[str, list[float]] = {}

    def ask(text: str) -> None:
        results[text] = batcher.submit(text).tolist()

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    time.sleep(0.01)  # the first batch is being encoded; the rest queue behind it
    others = [threading.Thread(target=ask, args=(f"q{n}",)) for n in range(10)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join()
    assert encode.calls[0] == ["first"]
    assert len(encode.calls) == 2 and sorted(encode.calls[1]) == sorted(f"q{n}" for n in range(10))
    assert all(results[t] == [float(len(t)), 1.0] for t in results)
    assert batcher.queries == 11 and batcher.batches == 2


def test_the_same_question_twice_in_a_batch_is_encoded_once():
    encode = SlowEncode()
    batcher = Batcher(encode)
    warm = threading.Thread(target=batcher.submit, args=("warm",))
    warm.start()
    time.sleep(0.01)  # the warm-up is being encoded; the three queue up behind it together
    threads = [threading.Thread(target=batcher.submit, args=("same",)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in [warm, *threads]:
        thread.join()
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
