"""The fixed question set in `tests/golden/`, read from the directory the caller names: lookups,
out-of-scope questions, conversations, messages of several questions, the filler to wrap lookups
in, hostile inputs, and rule conversations, each split once into dev and test by its id."""

from __future__ import annotations

import json
import random
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from assistant.models import Message

SPLITS = ("dev", "test")


def split_of(case_id: str) -> str:
    """The fixed rule that splits the set once: CRC-32 of the id, even → dev, odd → test."""
    return "test" if zlib.crc32(case_id.encode()) % 2 else "dev"


@dataclass(frozen=True)
class Lookup:
    id: str
    question: str
    expected: tuple[str, ...]
    answers: tuple[str, ...] = ()  # the sentences that answer it, any of which the quote should hold
    language: str = "en"

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass(frozen=True)
class OutOfScope:
    id: str
    question: str
    near: bool
    language: str = "en"

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass(frozen=True)
class Conversation:
    """User turns (the assistant's replies between them are replayed) and the clauses that answer
    the last turn read in context."""

    id: str
    turns: tuple[str, ...]
    expected: tuple[str, ...]
    kind: str  # ellipsis, pronoun, what_if, what_about, after_rule, after_follow_up, clarify, topic_change

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass(frozen=True)
class MultiQuestion:
    """One message and, for each question it asks in order, the clauses any of which answers it."""

    id: str
    question: str
    expected: tuple[tuple[str, ...], ...]

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass(frozen=True)
class Hostile:
    """A hostile or odd input and what must happen: answered from `expected`, declined, either, or
    told that the section it asks for does not exist; the assistant's own words never say any of
    `forbidden`."""

    id: str
    question: str
    expect: Literal["answer", "decline", "answer_or_decline", "no_such_section"]
    expected: tuple[str, ...]
    forbidden: tuple[str, ...]
    category: str

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass
class Golden:
    lookups: list[Lookup]
    out_of_scope: list[OutOfScope]
    conversations: list[Conversation] = field(default_factory=list)
    multi: list[MultiQuestion] = field(default_factory=list)
    filler: list[str] = field(default_factory=list)
    hostile: list[Hostile] = field(default_factory=list)
    # Lookups and out-of-scope questions in other languages (tests/golden/languages/<code>.jsonl).
    translated: list[Lookup] = field(default_factory=list)
    translated_out_of_scope: list[OutOfScope] = field(default_factory=list)


def wrapped(case: Lookup, filler: list[str]) -> str:
    """The lookup's question inside one to three paragraphs of unrelated chit-chat, the same every
    time for a case (seeded by its id): before it, after it, or on both sides."""
    rng = random.Random(zlib.crc32(case.id.encode()))
    paragraphs = [" ".join(rng.sample(filler, rng.randint(2, 4))) for _ in range(rng.randint(1, 3))]
    where = rng.choice(("before", "before", "around", "after"))
    if where == "before":
        parts = [*paragraphs, case.question]
    elif where == "after":
        parts = [case.question, *paragraphs]
    else:
        parts = [paragraphs[0], case.question, *paragraphs[1:]]
    return "\n\n".join(parts)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _optional(path: Path) -> list[dict[str, Any]]:
    return _jsonl(path) if path.exists() else []


def load_golden(directory: Path) -> Golden:
    lookups = [
        Lookup(d["id"], d["question"], tuple(d["expected"]), tuple(d.get("answers", ())))
        for d in _jsonl(directory / "lookup.jsonl")
    ]
    oos = [
        OutOfScope(d["id"], d["question"], bool(d.get("near")))
        for d in _jsonl(directory / "out_of_scope.jsonl")
    ]
    conversations = [
        Conversation(d["id"], tuple(d["turns"]), tuple(d["expected"]), d["kind"])
        for d in _optional(directory / "conversations.jsonl")
    ]
    multi = [
        MultiQuestion(d["id"], d["question"], tuple(tuple(group) for group in d["expected"]))
        for d in _optional(directory / "multi.jsonl")
    ]
    filler_file = directory / "filler.json"
    filler = json.loads(filler_file.read_text(encoding="utf-8"))["sentences"] if filler_file.exists() else []
    hostile = [
        Hostile(
            d["id"],
            d["question"],
            d["expect"],
            tuple(d.get("expected", ())),
            tuple(d.get("forbidden", ())),
            d["category"],
        )
        for d in _optional(directory / "adversarial.jsonl")
    ]
    translated: list[Lookup] = []
    translated_oos: list[OutOfScope] = []
    for d in _in_languages(directory):
        if d.get("out_of_scope"):
            translated_oos.append(OutOfScope(d["id"], d["question"], bool(d.get("near")), d["language"]))
        elif "question" in d:
            expected, answers = tuple(d["expected"]), tuple(d.get("answers", ()))
            translated.append(Lookup(d["id"], d["question"], expected, answers, d["language"]))
    return Golden(lookups, oos, conversations, multi, filler, hostile, translated, translated_oos)


def _in_languages(directory: Path) -> list[dict[str, Any]]:
    """Every case of tests/golden/languages/, each file one language's."""
    return [d for path in sorted((directory / "languages").glob("*.jsonl")) for d in _jsonl(path)]


@dataclass(frozen=True)
class RuleCase:
    """A conversation that must end in a rule's outcome (the expected fields) or in a follow-up question."""

    id: str
    messages: tuple[Message, ...]
    as_of: date
    expected: dict[str, Any]
    language: str = "en"

    @property
    def split(self) -> str:
        return split_of(self.id)


def load_rule_cases(directory: Path) -> list[RuleCase]:
    """The English rule conversations, then those in other languages."""
    found = _jsonl(directory / "rules.jsonl") + [d for d in _in_languages(directory) if "messages" in d]
    return [
        RuleCase(
            d["id"],
            tuple(Message(**m) for m in d["messages"]),
            date.fromisoformat(d["as_of"]),
            d["expected"],
            d.get("language", "en"),
        )
        for d in found
    ]
