"""Run the fixed question set through the chat and measure retrieval, declines and rules."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.conversation.chat import Chat
from assistant.evaluation.golden import SPLITS, Golden, RuleCase
from assistant.models import Message, Reply

# Lookups have no date in them; a fixed as_of keeps their replies reproducible.
EVAL_AS_OF = date(2025, 3, 10)


@dataclass
class Metrics:
    """The figures for one split."""

    lookups: int = 0
    hits_at: dict[int, int] = field(default_factory=lambda: {1: 0, 3: 0, 5: 0})
    reciprocal_ranks: float = 0.0
    false_declines: int = 0
    out_of_scope: int = 0
    declined: int = 0
    quoted: int = 0  # lookups whose quotes hold an answering sentence
    seconds: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        n = max(self.lookups, 1)
        right = (self.lookups - self.false_declines) + self.declined
        return {
            "recall@1": round(self.hits_at[1] / n, 4),
            "recall@3": round(self.hits_at[3] / n, 4),
            "recall@5": round(self.hits_at[5] / n, 4),
            "mrr@5": round(self.reciprocal_ranks / n, 4),
            "decline_rate": round(self.declined / max(self.out_of_scope, 1), 4),
            "false_decline_rate": round(self.false_declines / n, 4),
            "quote_accuracy": round(self.quoted / n, 4),
            "decline_accuracy": round(right / max(self.lookups + self.out_of_scope, 1), 4),
            "median_ms": round(statistics.median(self.seconds) * 1000, 2) if self.seconds else 0.0,
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


def _timed_reply(chat: Chat, question: str, metrics: Metrics) -> Reply:
    """Ask one question as a learner would, adding how long the reply took to `metrics`."""
    started = time.perf_counter()
    reply = chat.reply([Message(role="user", content=question)], EVAL_AS_OF)
    metrics.seconds.append(time.perf_counter() - started)
    return reply


def evaluate(chat: Chat, golden: Golden) -> Report:
    """Ask every question through `chat.reply`, the code path behind /api/chat."""
    metrics = {name: Metrics() for name in SPLITS}
    failures: list[str] = []
    for case in golden.lookups:
        m = metrics[case.split]
        reply = _timed_reply(chat, case.question, m)
        m.lookups += 1
        rank = _rank([r.id for r in reply.retrieved], case.expected)
        for k in m.hits_at:
            m.hits_at[k] += rank is not None and rank <= k
        m.reciprocal_ranks += 1 / rank if rank else 0.0
        m.false_declines += reply.abstained
        quotes = [c.quote for c in reply.citations]
        m.quoted += any(answer in quote for answer in case.answers for quote in quotes)
        if rank != 1 or reply.abstained:
            got = reply.retrieved[0].id if reply.retrieved else "nothing"
            why = "declined" if reply.abstained else f"rank {rank or '>5'}"
            failures.append(
                f"{case.id} [{case.split}] {why}: {case.question!r} → {got} (want {', '.join(case.expected)})"
            )
    for oos in golden.out_of_scope:
        m = metrics[oos.split]
        reply = _timed_reply(chat, oos.question, m)
        m.out_of_scope += 1
        m.declined += reply.abstained
        if not reply.abstained:
            failures.append(
                f"{oos.id} [{oos.split}] answered out-of-scope: {oos.question!r} → {reply.retrieved[0].id}"
            )
    return Report(metrics, failures)


COLUMNS = [
    "recall@1",
    "recall@3",
    "recall@5",
    "mrr@5",
    "quote_accuracy",
    "decline_rate",
    "false_decline_rate",
    "median_ms",
]
_HEADINGS = ["R@1", "R@3", "R@5", "MRR@5", "quoted", "declined", "false-declined", "median ms"]


def format_report(report: Report, title: str) -> str:
    """The table `assistant eval` prints, then one line per failing question."""
    lines = [title, f"{'split':<6} {'n':>4} {'oos':>4} " + " ".join(f"{h:>14}" for h in _HEADINGS)]
    for name, m in report.metrics.items():
        values = m.as_dict()
        lines.append(
            f"{name:<6} {m.lookups:>4} {m.out_of_scope:>4} "
            + " ".join(f"{values[c]:>14.3f}" for c in COLUMNS)
        )
    lines.append(f"{len(report.failures)} failing question(s)" + (":" if report.failures else ""))
    lines.extend(f"  {line}" for line in report.failures)
    return "\n".join(lines)


# --- rule cases -------------------------------------------------------------------------------


@dataclass
class RuleReport:
    passed: int
    total: int
    failures: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "failures": self.failures}


def rule_mismatches(reply: Reply, expected: dict[str, Any]) -> list[str]:
    """How a reply differs from a rule case's expectation (empty when it matches)."""
    if "follow_up" in expected:
        asked = reply.follow_up.slot if reply.follow_up else None
        return [] if asked == expected["follow_up"] else [f"follow_up {asked} (want {expected['follow_up']})"]
    if reply.rule is None or reply.rule.name != expected["rule"]:
        asked = reply.follow_up.slot if reply.follow_up else None
        got = reply.rule.name if reply.rule else f"no rule (follow_up {asked})"
        return [f"{got} (want {expected['rule']})"]
    wrong = []
    for part in ("inputs", "outcome"):
        actual = getattr(reply.rule, part)
        wrong += [
            f"{part}.{key} {actual.get(key)!r} (want {value!r})"
            for key, value in expected.get(part, {}).items()
            if actual.get(key) != value
        ]
    return wrong


def evaluate_rules(chat: Chat, cases: list[RuleCase]) -> RuleReport:
    """Run every rule conversation through `chat.reply` and compare the rule, outcome or follow-up."""
    failures = []
    for case in cases:
        wrong = rule_mismatches(chat.reply(list(case.messages), case.as_of), case.expected)
        if wrong:
            failures.append(f"{case.id}: {case.messages[-1].content!r} → " + "; ".join(wrong))
    return RuleReport(len(cases) - len(failures), len(cases), failures)


def format_rule_report(report: RuleReport) -> str:
    lines = [f"rule accuracy: {report.passed}/{report.total}"]
    lines.extend(f"  {line}" for line in report.failures)
    return "\n".join(lines)
