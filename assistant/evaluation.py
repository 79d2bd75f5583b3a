"""Run the fixed question set through the chat and measure retrieval, declines and rules."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.chat import Chat
from assistant.schemas import Message

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "tests" / "golden"
SPLITS = ("dev", "test")
# Lookups have no date in them; a fixed as_of keeps their replies reproducible.
EVAL_AS_OF = date(2025, 3, 10)


def split_of(case_id: str) -> str:
    """The fixed rule that splits the set once: CRC-32 of the id, even → dev, odd → test."""
    return "test" if zlib.crc32(case_id.encode()) % 2 else "dev"


@dataclass(frozen=True)
class Lookup:
    id: str
    question: str
    expected: tuple[str, ...]

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass(frozen=True)
class OutOfScope:
    id: str
    question: str
    near: bool

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass
class Golden:
    lookups: list[Lookup]
    out_of_scope: list[OutOfScope]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_golden(directory: Path = GOLDEN_DIR) -> Golden:
    lookups = [
        Lookup(d["id"], d["question"], tuple(d["expected"])) for d in _jsonl(directory / "lookup.jsonl")
    ]
    oos = [
        OutOfScope(d["id"], d["question"], bool(d.get("near")))
        for d in _jsonl(directory / "out_of_scope.jsonl")
    ]
    return Golden(lookups, oos)


@dataclass
class Metrics:
    """The figures for one split."""

    lookups: int = 0
    hits_at: dict[int, int] = field(default_factory=lambda: {1: 0, 3: 0, 5: 0})
    reciprocal_ranks: float = 0.0
    false_declines: int = 0
    out_of_scope: int = 0
    declined: int = 0

    def as_dict(self) -> dict[str, float]:
        n = max(self.lookups, 1)
        return {
            "recall@1": round(self.hits_at[1] / n, 4),
            "recall@3": round(self.hits_at[3] / n, 4),
            "recall@5": round(self.hits_at[5] / n, 4),
            "mrr@5": round(self.reciprocal_ranks / n, 4),
            "decline_rate": round(self.declined / max(self.out_of_scope, 1), 4),
            "false_decline_rate": round(self.false_declines / n, 4),
        }


@dataclass
class Report:
    metrics: dict[str, Metrics]
    failures: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "splits": {
                name: {"lookups": m.lookups, "out_of_scope": m.out_of_scope, **m.as_dict()}
                for name, m in self.metrics.items()
            },
            "failures": self.failures,
        }


def _rank(retrieved: list[str], expected: tuple[str, ...]) -> int | None:
    for position, chunk_id in enumerate(retrieved, start=1):
        if chunk_id in expected:
            return position
    return None


def evaluate(chat: Chat, golden: Golden) -> Report:
    """Ask every question through `chat.reply`, the code path behind /api/chat."""
    metrics = {name: Metrics() for name in SPLITS}
    failures: list[str] = []
    for case in golden.lookups:
        reply = chat.reply([Message(role="user", content=case.question)], EVAL_AS_OF)
        m = metrics[case.split]
        m.lookups += 1
        rank = _rank([r.id for r in reply.retrieved], case.expected)
        for k in m.hits_at:
            m.hits_at[k] += rank is not None and rank <= k
        m.reciprocal_ranks += 1 / rank if rank else 0.0
        m.false_declines += reply.abstained
        if rank != 1 or reply.abstained:
            got = reply.retrieved[0].id if reply.retrieved else "nothing"
            why = "declined" if reply.abstained else f"rank {rank or '>5'}"
            failures.append(
                f"{case.id} [{case.split}] {why}: {case.question!r} → {got} (want {', '.join(case.expected)})"
            )
    for oos in golden.out_of_scope:
        reply = chat.reply([Message(role="user", content=oos.question)], EVAL_AS_OF)
        m = metrics[oos.split]
        m.out_of_scope += 1
        m.declined += reply.abstained
        if not reply.abstained:
            failures.append(
                f"{oos.id} [{oos.split}] answered out-of-scope: {oos.question!r} → {reply.retrieved[0].id}"
            )
    return Report(metrics, failures)


def format_report(report: Report, title: str) -> str:
    """The table `assistant eval` prints, then one line per failing question."""
    columns = ["recall@1", "recall@3", "recall@5", "mrr@5", "decline_rate", "false_decline_rate"]
    lines = [title, f"{'split':<6} {'n':>4} {'oos':>4} " + " ".join(f"{c:>18}" for c in columns)]
    for name, m in report.metrics.items():
        values = m.as_dict()
        lines.append(
            f"{name:<6} {m.lookups:>4} {m.out_of_scope:>4} "
            + " ".join(f"{values[c]:>18.3f}" for c in columns)
        )
    lines.append(f"{len(report.failures)} failing question(s)" + (":" if report.failures else ""))
    lines.extend(f"  {line}" for line in report.failures)
    return "\n".join(lines)
