"""The fixed question set in `tests/golden/`, read from the directory the caller names: lookups,
out-of-scope questions and rule conversations, each split once into dev and test by its id."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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


def load_golden(directory: Path) -> Golden:
    lookups = [
        Lookup(d["id"], d["question"], tuple(d["expected"]), tuple(d.get("answers", ())))
        for d in _jsonl(directory / "lookup.jsonl")
    ]
    oos = [
        OutOfScope(d["id"], d["question"], bool(d.get("near")))
        for d in _jsonl(directory / "out_of_scope.jsonl")
    ]
    return Golden(lookups, oos)


@dataclass(frozen=True)
class RuleCase:
    """A conversation that must end in a rule's outcome (the expected fields) or in a follow-up question."""

    id: str
    messages: tuple[Message, ...]
    as_of: date
    expected: dict[str, Any]


def load_rule_cases(directory: Path) -> list[RuleCase]:
    return [
        RuleCase(
            d["id"], tuple(Message(**m) for m in d["messages"]), date.fromisoformat(d["as_of"]), d["expected"]
        )
        for d in _jsonl(directory / "rules.jsonl")
    ]
