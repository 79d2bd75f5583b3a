"""Pins tie a rule to the clauses it implements, by chunk id and a short verbatim quote.

A pin is checked against the clause text when the index is built and when the app starts
(the drift guard), and turned into a citation of the whole sentence(s) around it when a rule
answers, so the quote a learner sees is always an exact span of the terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from assistant.models import Citation


class Clause(Protocol):
    """What a rule reads of a clause (`assistant.terms.chunks.Chunk` is one)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def text(self) -> str: ...
    def quote_url(self, start: int, end: int) -> str: ...
    @property
    def spans(self) -> tuple[tuple[int, int], ...]: ...
    def same_paragraph(self, first: int, last: int) -> bool: ...


@dataclass(frozen=True)
class Pin:
    """A short phrase that must appear verbatim in the clause `chunk_id`."""

    chunk_id: str
    quote: str


class PinDrift(Exception):
    """A pinned quote is no longer in its clause: the terms changed under a rule."""


def _problem(rule: str, pin: Pin, clauses: Mapping[str, Clause]) -> str | None:
    chunk = clauses.get(pin.chunk_id)
    if chunk is None:
        return f"rule {rule}: the clause {pin.chunk_id} it pins is gone (pinned quote {pin.quote!r})"
    if pin.quote not in chunk.text:
        return f"rule {rule}: the pinned quote {pin.quote!r} is no longer in the clause {pin.chunk_id}"
    return None


def drift(rule: str, pins: Iterable[Pin], clauses: Mapping[str, Clause]) -> list[str]:
    """One line per pin of `rule` that no longer matches its clause."""
    return [problem for pin in pins if (problem := _problem(rule, pin, clauses)) is not None]


def _sentence_range(chunk: Clause, quote: str) -> tuple[int, int]:
    """The first and last sentence of `chunk` that the quote overlaps."""
    start = chunk.text.index(quote)
    end = start + len(quote)
    touched = [n for n, (s, e) in enumerate(chunk.spans) if s < end and e > start]
    return touched[0], touched[-1]


def cite(rule: str, pins: Iterable[Pin], clauses: Mapping[str, Clause]) -> list[Citation]:
    """Citations quoting the whole sentence(s) around each pin, numbered from 1.

    Pins in neighbouring sentences of one paragraph share a citation, so a clause is quoted once.
    """
    ranges: list[tuple[Clause, int, int]] = []
    for pin in pins:
        problem = _problem(rule, pin, clauses)
        if problem is not None:
            raise PinDrift(problem)
        chunk = clauses[pin.chunk_id]
        first, last = _sentence_range(chunk, pin.quote)
        for position, (other, a, b) in enumerate(ranges):
            touching = first <= b + 1 and last >= a - 1
            if other.id == chunk.id and touching and chunk.same_paragraph(min(b, last), max(a, first)):
                ranges[position] = (other, min(a, first), max(b, last))
                break
        else:
            ranges.append((chunk, first, last))
    citations = []
    for n, (chunk, first, last) in enumerate(ranges, start=1):
        start, end = chunk.spans[first][0], chunk.spans[last][1]
        citations.append(
            Citation(
                n=n,
                id=chunk.id,
                title=chunk.title,
                quote=chunk.text[start:end],
                url=chunk.quote_url(start, end),
            )
        )
    return citations
