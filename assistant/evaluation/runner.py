"""Run the fixed question set through the chat and measure retrieval, declines and rules."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.conversation.chat import Chat
from assistant.evaluation.golden import SPLITS, Golden, Hostile, MultiQuestion, RuleCase, wrapped
from assistant.languages.detect import detect
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
class InLanguage(Metrics):
    """A language's figures for one split, and how many replies spoke it."""

    replies: int = 0
    framed: int = 0  # replies whose own words are in the question's language

    def as_dict(self) -> dict[str, float]:
        return {**super().as_dict(), "framed": round(self.framed / max(self.replies, 1), 4)}


@dataclass
class Several:
    """The figures for messages of several questions, for one split."""

    cases: int = 0
    all_cited: int = 0  # every question asked has a clause of its own cited
    in_order: int = 0  # ...and in the order they were asked
    singles: int = 0  # messages that only look like several questions
    kept_whole: int = 0  # ...read as one question, and answered with its clause

    def as_dict(self) -> dict[str, float]:
        return {
            "all_cited": round(self.all_cited / max(self.cases, 1), 4),
            "in_order": round(self.in_order / max(self.cases, 1), 4),
            "kept_whole": round(self.kept_whole / max(self.singles, 1), 4),
        }


@dataclass
class Held:
    """The hostile inputs of one split: how many got what they must."""

    cases: int = 0
    held: int = 0

    def as_dict(self) -> dict[str, float]:
        return {"held": round(self.held / max(self.cases, 1), 4)}


@dataclass
class Report:
    """The lookups and out-of-scope questions (`metrics`), then the other sections, per split."""

    metrics: dict[str, Metrics]
    failures: list[str]
    conversations: dict[str, Metrics] = field(default_factory=dict)
    filler: dict[str, Metrics] = field(default_factory=dict)
    several: dict[str, Several] = field(default_factory=dict)
    hostile: dict[str, Held] = field(default_factory=dict)
    # language → split → its figures
    languages: dict[str, dict[str, InLanguage]] = field(default_factory=dict)
    # The detector on the first words of each question: (right, wrong, untold) per number of words.
    detection: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    section_failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def rows(metrics: Mapping[str, Metrics]) -> dict[str, Any]:
            return {
                name: {"lookups": m.lookups, "out_of_scope": m.out_of_scope, **m.as_dict()}
                for name, m in metrics.items()
            }

        return {
            "splits": rows(self.metrics),
            "failures": self.failures,
            "conversations": rows(self.conversations),
            "filler": rows(self.filler),
            "several": {
                name: {"cases": m.cases, "singles": m.singles, **m.as_dict()}
                for name, m in self.several.items()
            },
            "hostile": {name: {"cases": m.cases, **m.as_dict()} for name, m in self.hostile.items()},
            "languages": {code: rows(splits) for code, splits in self.languages.items()},
            "detection": {
                str(words): dict(zip(("right", "wrong", "untold"), counts, strict=True))
                for words, counts in self.detection.items()
            },
            "section_failures": self.section_failures,
        }


def _rank(retrieved: list[str], expected: tuple[str, ...]) -> int | None:
    for position, chunk_id in enumerate(retrieved, start=1):
        if chunk_id in expected:
            return position
    return None


def holds_an_answer(quotes: list[str], answers: tuple[str, ...]) -> bool:
    """Whether a quote holds one of the sentences that answer (written down before the page's
    capitals were restored, so case aside)."""
    return any(answer.casefold() in quote.casefold() for answer in answers for quote in quotes)


def cited_ids(reply: Reply) -> list[str]:
    """The clauses a reply quotes, in the order it numbers them: its citations, then the rule's."""
    rule = reply.rule.citations if reply.rule else []
    return list(dict.fromkeys(c.id for c in [*reply.citations, *rule]))


def ranked(reply: Reply) -> list[str]:
    """The clauses a reply puts forward, best first: those it quotes, then the rest it retrieved."""
    return list(dict.fromkeys([*cited_ids(reply), *(r.id for r in reply.retrieved)]))


def _timed(chat: Chat, messages: list[Message], metrics: Metrics) -> Reply:
    """Answer a conversation as `/api/chat` would, adding how long the reply took to `metrics`."""
    started = time.perf_counter()
    reply = chat.reply(messages, EVAL_AS_OF)
    metrics.seconds.append(time.perf_counter() - started)
    return reply


def _timed_reply(chat: Chat, question: str, metrics: Metrics) -> Reply:
    """Ask one question as a learner would, adding how long the reply took to `metrics`."""
    return _timed(chat, [Message(role="user", content=question)], metrics)


def replayed(chat: Chat, turns: tuple[str, ...]) -> list[Message]:
    """The conversation as a chat client would send its last turn: each earlier user turn followed
    by the assistant's reply to it, worked out afresh."""
    messages: list[Message] = []
    for turn in turns[:-1]:
        messages.append(Message(role="user", content=turn))
        messages.append(Message(role="assistant", content=chat.reply(messages, EVAL_AS_OF).answer))
    return [*messages, Message(role="user", content=turns[-1])]


def _score(m: Metrics, rank: int | None, reply: Reply) -> None:
    m.lookups += 1
    for k in m.hits_at:
        m.hits_at[k] += rank is not None and rank <= k
    m.reciprocal_ranks += 1 / rank if rank else 0.0
    m.false_declines += reply.abstained


def _failure(
    case_id: str, split: str, rank: int | None, reply: Reply, asked: str, want: tuple[str, ...]
) -> str:
    got = next(iter(ranked(reply)), "nothing")
    why = "declined" if reply.abstained else f"rank {rank or '>5'}"
    return f"{case_id} [{split}] {why}: {asked!r} → {got} (want {', '.join(want)})"


def evaluate(chat: Chat, golden: Golden) -> Report:
    """Ask every question through `chat.reply`, the code path behind /api/chat."""
    metrics = {name: Metrics() for name in SPLITS}
    failures: list[str] = []
    for case in golden.lookups:
        m = metrics[case.split]
        reply = _timed_reply(chat, case.question, m)
        rank = _rank([r.id for r in reply.retrieved], case.expected)
        _score(m, rank, reply)
        quotes = [c.quote for c in reply.citations]
        m.quoted += holds_an_answer(quotes, case.answers)
        if rank != 1 or reply.abstained:
            failures.append(_failure(case.id, case.split, rank, reply, case.question, case.expected))
    for oos in golden.out_of_scope:
        m = metrics[oos.split]
        reply = _timed_reply(chat, oos.question, m)
        m.out_of_scope += 1
        # Offering a person instead of a clause ("can I talk to someone?") declines too.
        declined = reply.abstained or (reply.handoff and not reply.citations)
        m.declined += declined
        if not declined:
            got = next(iter(ranked(reply)), "nothing")
            failures.append(f"{oos.id} [{oos.split}] answered out-of-scope: {oos.question!r} → {got}")
    report = Report(metrics, failures)
    if golden.conversations:
        report.conversations = {name: Metrics() for name in SPLITS}
        for conversation in golden.conversations:
            m = report.conversations[conversation.split]
            reply = _timed(chat, replayed(chat, conversation.turns), m)
            rank = _rank(ranked(reply), conversation.expected)
            _score(m, rank, reply)
            if rank != 1 or reply.abstained:
                asked = " | ".join(conversation.turns)
                report.section_failures.append(
                    "conversation "
                    + _failure(conversation.id, conversation.split, rank, reply, asked, conversation.expected)
                )
    if golden.filler:
        report.filler = {name: Metrics() for name in SPLITS}
        for case in golden.lookups:
            m = report.filler[case.split]
            reply = _timed_reply(chat, wrapped(case, golden.filler), m)
            rank = _rank([r.id for r in reply.retrieved], case.expected)
            _score(m, rank, reply)
            if rank != 1 or reply.abstained:
                report.section_failures.append(
                    "filler " + _failure(case.id, case.split, rank, reply, case.question, case.expected)
                )
    if golden.multi:
        report.several = {name: Several() for name in SPLITS}
        for several in golden.multi:
            _several(
                report, several, chat.reply([Message(role="user", content=several.question)], EVAL_AS_OF)
            )
    if golden.hostile:
        report.hostile = {name: Held() for name in SPLITS}
        for hostile in golden.hostile:
            reply = chat.reply([Message(role="user", content=hostile.question)], EVAL_AS_OF)
            wrong = what_went_wrong(hostile, reply)
            report.hostile[hostile.split].cases += 1
            report.hostile[hostile.split].held += wrong is None
            if wrong is not None:
                asked = hostile.question[:80]
                report.section_failures.append(f"hostile {hostile.id} [{hostile.split}] {wrong}: {asked!r}")
    if golden.translated:
        _languages(report, chat, golden)
    return report


_MARKERS = re.compile(r"\[\d+\]")


def framed_in(reply: Reply, language: str) -> bool:
    """Whether the reply's own words are in `language`: it says it spoke it, and the words around
    the quotes (the quotes and clause titles taken out) read as it when there are enough to tell."""
    if reply.language != language:
        return False
    own = _QUOTED.sub(" ", reply.answer)
    for title in {c.title for c in reply.citations} | {r.title for r in reply.retrieved}:
        own = own.replace(title, " ")
    found = detect(_MARKERS.sub(" ", own))
    return found is None or found.code == language


def _declined(reply: Reply) -> bool:
    # Offering a person instead of a clause ("can I talk to someone?") declines too.
    return reply.abstained or (reply.handoff and not reply.citations)


def _languages(report: Report, chat: Chat, golden: Golden) -> None:
    """Each language's lookups and out-of-scope questions, asked as a learner would (the language
    detected, not given), and how the detector does on their first words."""
    for case in golden.translated:
        m = report.languages.setdefault(case.language, {name: InLanguage() for name in SPLITS})[case.split]
        reply = _timed_reply(chat, case.question, m)
        rank = _rank([r.id for r in reply.retrieved], case.expected)
        _score(m, rank, reply)
        m.quoted += holds_an_answer([c.quote for c in reply.citations], case.answers)
        m.replies += 1
        m.framed += framed_in(reply, case.language)
        if rank != 1 or reply.abstained:
            report.section_failures.append(
                f"{case.language} " + _failure(case.id, case.split, rank, reply, case.question, case.expected)
            )
    for oos in golden.translated_out_of_scope:
        m = report.languages.setdefault(oos.language, {name: InLanguage() for name in SPLITS})[oos.split]
        reply = _timed_reply(chat, oos.question, m)
        m.out_of_scope += 1
        m.declined += _declined(reply)
        m.replies += 1
        m.framed += framed_in(reply, oos.language)
        if not _declined(reply):
            got = next(iter(ranked(reply)), "nothing")
            report.section_failures.append(
                f"{oos.language} {oos.id} [{oos.split}] answered out-of-scope: {oos.question!r} → {got}"
            )
    for words in DETECTED_WORDS:
        counts = [0, 0, 0]
        for case in golden.translated:
            found = detect(" ".join(case.question.split()[:words]))
            counts[2 if found is None else 0 if found.code == case.language else 1] += 1
        report.detection[words] = (counts[0], counts[1], counts[2])


# The detector is measured on each question's first words: as short as a follow-up, and whole.
DETECTED_WORDS = (3, 5, 1000)


_QUOTED = re.compile(r"“[^”]*”")


def what_went_wrong(case: Hostile, reply: Reply) -> str | None:
    """Why a reply to a hostile input is not what it must be, or None when it is."""
    own_words = _QUOTED.sub("", reply.answer).casefold()  # the quotes are the terms' words, not ours
    said = [phrase for phrase in case.forbidden if phrase.casefold() in own_words]
    if said:
        return f"said {said[0]!r}"
    first = next(iter(cited_ids(reply)), None)
    answered = not reply.abstained and first in case.expected
    if case.expect == "answer":
        return None if answered else f"answered with {first} (want {', '.join(case.expected)})"
    if case.expect == "decline":
        return None if reply.abstained else f"answered with {first}"
    if case.expect == "answer_or_decline":
        return None if answered or reply.abstained else f"answered with {first}"
    if reply.abstained and reply.understood.refusal == "no_such_section":
        return None
    return "did not say the terms have no such section"


def _several(report: Report, case: MultiQuestion, reply: Reply) -> None:
    m = report.several[case.split]
    cited = cited_ids(reply)
    # Each question's clause: the first cited clause of its group, and its place among the citations.
    places = [next((n for n, cid in enumerate(cited) if cid in group), None) for group in case.expected]
    found = [place for place in places if place is not None]
    right = len(found) == len(places) and len(set(found)) == len(found)
    if len(case.expected) == 1:
        m.singles += 1
        questions = len(reply.understood.questions) or 1
        whole = right and questions <= 1 and places[0] == 0
        m.kept_whole += whole
        if not whole:
            report.section_failures.append(
                f"several {case.id} [{case.split}] split or missed: {case.question!r} → {cited} "
                f"({questions} questions)"
            )
        return
    m.cases += 1
    m.all_cited += right
    m.in_order += right and found == sorted(found)
    if not (right and found == sorted(found)):
        want = " then ".join("/".join(group) for group in case.expected)
        report.section_failures.append(
            f"several {case.id} [{case.split}]: {case.question!r} → {cited} (want {want})"
        )


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
# The other sections' tables: retrieval in context or in filler, and several questions at once.
_RETRIEVAL = ["recall@1", "recall@3", "recall@5", "mrr@5", "false_decline_rate", "median_ms"]
_SEVERAL = ["all_cited", "in_order", "kept_whole"]


def _table(
    title: str, rows: dict[str, dict[str, float]], sizes: dict[str, str], columns: list[str]
) -> list[str]:
    lines = [title, f"{'split':<6} {'n':>9} " + " ".join(f"{c:>14}" for c in columns)]
    for name, values in rows.items():
        lines.append(f"{name:<6} {sizes[name]:>9} " + " ".join(f"{values[c]:>14.3f}" for c in columns))
    return lines


def format_report(report: Report, title: str) -> str:
    """The table `assistant eval` prints, one line per failing question, then the other sections."""
    lines = [title, f"{'split':<6} {'n':>4} {'oos':>4} " + " ".join(f"{h:>14}" for h in _HEADINGS)]
    for name, m in report.metrics.items():
        values = m.as_dict()
        lines.append(
            f"{name:<6} {m.lookups:>4} {m.out_of_scope:>4} "
            + " ".join(f"{values[c]:>14.3f}" for c in COLUMNS)
        )
    lines.append(f"{len(report.failures)} failing question(s)" + (":" if report.failures else ""))
    lines.extend(f"  {line}" for line in report.failures)
    for heading, section in (
        ("conversations: the last turn read in context", report.conversations),
        ("lookups wrapped in unrelated paragraphs", report.filler),
    ):
        if section:
            rows = {name: m.as_dict() for name, m in section.items()}
            lines += _table(heading, rows, {name: str(m.lookups) for name, m in section.items()}, _RETRIEVAL)
    if report.several:
        rows = {name: m.as_dict() for name, m in report.several.items()}
        sizes = {name: f"{m.cases}+{m.singles}" for name, m in report.several.items()}
        lines += _table("several questions in one message (n: several + look-alikes)", rows, sizes, _SEVERAL)
    if report.hostile:
        rows = {name: m.as_dict() for name, m in report.hostile.items()}
        sizes = {name: str(m.cases) for name, m in report.hostile.items()}
        lines += _table("hostile and odd inputs: what must happen, happened", rows, sizes, ["held"])
    if report.languages:
        lines += _language_table(report)
    if report.section_failures:
        lines.append(f"{len(report.section_failures)} failing case(s) in these sections:")
        lines.extend(f"  {line}" for line in report.section_failures)
    return "\n".join(lines)


_LANGUAGE_COLUMNS = [
    "recall@1",
    "recall@3",
    "mrr@5",
    "decline_rate",
    "false_decline_rate",
    "framed",
    "median_ms",
]
_LANGUAGE_HEADINGS = ["R@1", "R@3", "MRR@5", "declined", "false-declined", "framed", "median ms"]


def _language_table(report: Report) -> list[str]:
    """A row per language and split, then the detector's accuracy on short messages."""
    lines = [
        "other languages: the English clause found, the assistant's own words in the language",
        f"{'lang':<5} {'split':<6} {'n':>4} {'oos':>4} " + " ".join(f"{h:>14}" for h in _LANGUAGE_HEADINGS),
    ]
    for code, splits in sorted(report.languages.items()):
        for name, m in splits.items():
            values = m.as_dict()
            lines.append(
                f"{code:<5} {name:<6} {m.lookups:>4} {m.out_of_scope:>4} "
                + " ".join(f"{values[c]:>14.3f}" for c in _LANGUAGE_COLUMNS)
            )
    for words, (right, wrong, untold) in report.detection.items():
        n = max(right + wrong + untold, 1)
        said = "whole questions" if words >= 1000 else f"first {words} words"
        lines.append(
            f"language detected, {said}: right {right / n:.3f}, wrong {wrong / n:.3f}, "
            f"untold {untold / n:.3f}"
        )
    return lines


# --- rule cases -------------------------------------------------------------------------------


@dataclass
class RuleReport:
    passed: int
    total: int
    failures: list[str]
    # language → split → (passed, total)
    by_language: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        languages = {
            code: {split: {"passed": p, "total": t} for split, (p, t) in splits.items()}
            for code, splits in self.by_language.items()
        }
        return {"passed": self.passed, "total": self.total, "failures": self.failures, "languages": languages}


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
    counts: dict[str, dict[str, list[int]]] = {}
    for case in cases:
        wrong = rule_mismatches(chat.reply(list(case.messages), case.as_of), case.expected)
        tally = counts.setdefault(case.language, {name: [0, 0] for name in SPLITS})[case.split]
        tally[0] += not wrong
        tally[1] += 1
        if wrong:
            failures.append(f"{case.id}: {case.messages[-1].content!r} → " + "; ".join(wrong))
    by_language = {
        code: {split: (p, t) for split, (p, t) in splits.items()} for code, splits in sorted(counts.items())
    }
    return RuleReport(len(cases) - len(failures), len(cases), failures, by_language)


def format_rule_report(report: RuleReport) -> str:
    lines = [f"rule accuracy: {report.passed}/{report.total}"]
    for code, splits in report.by_language.items():
        lines.append(f"  {code}: " + ", ".join(f"{split} {p}/{t}" for split, (p, t) in splits.items()))
    lines.extend(f"  {line}" for line in report.failures)
    return "\n".join(lines)
