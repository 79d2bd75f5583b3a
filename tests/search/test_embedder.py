"""The code around the model: the query cache and the micro-batcher (with a fake encode)."""

import threading
import time

import numpy as np
import pytest

from assistant.search.embedder import Batcher, Embedder, normalise_query


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


def vector(outcome: np.ndarray | BaseException | None) -> np.ndarray:
    assert isinstance(outcome, np.ndarray), outcome
    return outcome


def queue_behind_the_first_batch(
    batcher: Batcher, encode: HeldEncode, first: str, then: list[str]
) -> list[np.ndarray | BaseException | None]:
    """Submit `first`; while it is being encoded, submit `then`; once all wait, let the model go.
    Returns what each request got, vector or error, `first` first."""
    outcomes: list[np.ndarray | BaseException | None] = [None] * (1 + len(then))

    def ask(slot: int, text: str) -> None:
        try:
            outcomes[slot] = batcher.submit(text)
        except Exception as error:  # a thread's error is otherwise lost
            outcomes[slot] = error

    threads = [threading.Thread(target=ask, args=(0, first))]
    threads[0].start()
    assert encode.encoding.wait(10)
    threads += [threading.Thread(target=ask, args=(n, text)) for n, text in enumerate(then, start=1)]
    for thread in threads[1:]:
        thread.start()
    deadline = time.monotonic() + 10
    while batcher._queue.qsize() < len(then) and time.monotonic() < deadline:
        time.sleep(0.001)
    encode.go.set()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_lone_query_is_encoded_at_once_on_its_own():
    encode = HeldEncode(held=False)
    batcher = Batcher(encode)
    assert batcher.submit("abc").tolist() == [3.0, 1.0]
    assert encode.calls == [["abc"]]


def test_queries_arriving_together_share_one_model_call():
    encode = HeldEncode()
    batcher = Batcher(encode, max_batch=32)
    queued = [f"q{n}" for n in range(10)]
    outcomes = queue_behind_the_first_batch(batcher, encode, "first", queued)
    assert encode.calls[0] == ["first"]
    assert len(encode.calls) == 2 and sorted(encode.calls[1]) == sorted(queued)
    assert [vector(v).tolist() for v in outcomes] == [[5.0, 1.0]] + [[float(len(q)), 1.0] for q in queued]
    assert batcher.submit("q12345").tolist() == [6.0, 1.0]
    assert len(encode.calls) == 3


def test_the_same_question_twice_in_a_batch_is_encoded_once():
    encode = HeldEncode()
    batcher = Batcher(encode)
    outcomes = queue_behind_the_first_batch(batcher, encode, "warm", ["same"] * 3)
    assert encode.calls == [["warm"], ["same"]]
    assert [vector(v).tolist() for v in outcomes] == [[4.0, 1.0]] + [[4.0, 1.0]] * 3


class FailingEncode(HeldEncode):
    """A model that runs out of memory on every call, once let go."""

    def __call__(self, texts: list[str]) -> np.ndarray:
        super().__call__(texts)
        raise RuntimeError("out of memory")


def test_a_failing_model_call_fails_every_request_waiting_on_it():
    encode = FailingEncode()
    batcher = Batcher(encode)
    queued = [f"q{n}" for n in range(5)]
    outcomes = queue_behind_the_first_batch(batcher, encode, "first", queued)
    assert len(encode.calls) == 2 and sorted(encode.calls[1]) == queued  # the five shared one call
    assert len(outcomes) == 6
    for outcome in outcomes:
        assert isinstance(outcome, RuntimeError) and str(outcome) == "out of memory"
    with pytest.raises(RuntimeError, match="out of memory"):
        batcher.submit("anything")  # and the batcher still serves (and fails) the next one


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
