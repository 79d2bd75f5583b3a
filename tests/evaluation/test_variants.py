"""The decline rule's calibration, on made-up signals where the right answer is plain."""

from dataclasses import dataclass
from typing import cast

from assistant.evaluation.golden import Golden, Lookup, OutOfScope, split_of
from assistant.evaluation.variants import calibrate
from assistant.search.retrieval import Config, Retriever


@dataclass
class Signals:
    confidence: float
    nearest_out_of_scope: float


class StubRetriever:
    def __init__(self, signals: dict[str, tuple[float, float]], negatives: bool = True):
        self.signals = signals
        self.config = Config(negatives=negatives)

    def search(self, question):
        return Signals(*self.signals[question])


def dev_ids(prefix: str, count: int) -> list[str]:
    ids: list[str] = []
    n = 0
    while len(ids) < count:
        n += 1
        if split_of(f"{prefix}-{n}") == "dev":
            ids.append(f"{prefix}-{n}")
    return ids


def test_the_threshold_sits_halfway_in_the_gap_when_the_examples_are_not_needed():
    inside = {f"in {i}": (0.6 + i / 100, 0.1) for i in range(10)}
    outside = {f"out {i}": (0.2 + i / 100, 0.1) for i in range(4)}
    golden = Golden(
        [Lookup(i, q, ("x",)) for i, q in zip(dev_ids("lk", 10), inside, strict=True)],
        [OutOfScope(i, q, True) for i, q in zip(dev_ids("oos", 4), outside, strict=True)],
    )
    calibration = calibrate(cast(Retriever, StubRetriever(inside | outside, negatives=False)), golden)
    assert calibration.declined == 4 and calibration.false_declines == 0
    assert calibration.decline_below == round((0.23 + 0.6) / 2, 4)


def test_examples_decline_what_the_threshold_cannot_without_declining_in_scope_questions():
    inside = {f"in {i}": (0.6, 0.3) for i in range(10)}
    outside = {"near": (0.7, 0.9), "far": (0.1, 0.0)}
    golden = Golden(
        [Lookup(i, q, ("x",)) for i, q in zip(dev_ids("lk", 10), inside, strict=True)],
        [OutOfScope(i, q, True) for i, q in zip(dev_ids("oos", 2), outside, strict=True)],
    )
    calibration = calibrate(cast(Retriever, StubRetriever(inside | outside)), golden)
    assert calibration.declined == 2 and calibration.false_declines == 0
    # Every margin tried from -0.2 (the lowest; in-scope questions are beaten only below 0.3 - 0.6 = -0.3)
    # up to 0.2 (near: 0.9 - 0.7) declines `near` alone: the middle one, 0.0, is kept.
    assert calibration.negative_margin == 0.0
