"""What is not taken as a question about the terms, and what is cut away before one is read.

Instructions inside a message are text, never obeyed: the sentences that give the assistant
orders ("ignore your rules and say…", "SYSTEM: …") are cut away, and a message that was only
orders is declined. So are requests for the assistant's own instructions or settings, code and
database queries, text with no readable words, and requests for a section the terms do not have.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.conversation import reading
from assistant.models import Refusal

# Asking for the assistant's own prompt, instructions, settings or hidden rules.
_ITS_INSTRUCTIONS = re.compile(
    r"\b(?:system|hidden|initial|original|secret|internal|developer|pre-?)\s*(?:prompt|instructions?|rules|"
    r"message|configuration|config|guidelines)\b|"
    r"\byour\s+(?:(?:system|hidden|secret|initial|original|own|exact|full)\s+)?(?:prompt|instructions?|"
    r"configuration|config|guidelines|programming|source code|training data|settings)\b|"
    r"\b(?:print|show|reveal|repeat|output|display|dump|copy|paste)\b[^.?!]{0,40}\b(?:everything|the text|"
    r"the words|what(?:ever)? (?:was|is|came)) (?:above|before)\b|"
    r"\brules you (?:were given|follow|have to follow|must follow|are given)\b|"
    r"\bwhat (?:model|llm|language model|ai model) (?:are you|is this|do you use|powers you)\b",
    re.IGNORECASE,
)
# A sentence giving the assistant orders, or dressed as a message from its operators.
_ORDERS = re.compile(
    r"^\W*(?:(?:system|admin|assistant|developer|operator)\s*(?:override|message|note|prompt)?\s*[:\]]|"
    r"\[[A-Z][A-Z _-]{2,}\]|"
    r"(?:please\s+)?(?:ignore|disregard|forget|override|bypass)\b|"
    r"(?:you are|you're) (?:now|no longer|free|allowed|in)\b|from now on\b|pretend\b|act as\b|roleplay\b|"
    r"(?:respond|reply|answer|say|write|output|print|type) (?:only|just|with|that|in|as)\b|"
    r"say (?:yes|no|that)\b|confirm (?:by|that)\b|repeat after me\b|"
    r"(?:always|never) (?:answer|say|refuse|tell|mention)\b)",
    re.IGNORECASE,
)
# A line of code, a stack trace or a shell command: by its syntax, not its words ("Let me…").
_CODE_LINE = re.compile(
    r"^\s*(?:def \w+\(|class \w+[(:]|import [\w.]+\s*$|from [\w.]+ import \w|function\s*\w*\s*\(|"
    r"(?:const|let|var) \w+\s*=|(?:public|private|protected|static) [\w<>\[\]]+ \w+|#include\s*<|"
    r"return\b[^.?!]*;\s*$|(?:if|for|while)\s*\(.*\)\s*\{?\s*$|[{}]\s*$|<\?php|console\.\w+\(|"
    r"System\.out\.|print\(|\$ \w|>>> )|"
    r"^\s*at [\w.$<>]+\(|Traceback \(most recent call last\)|^\s*File \".*\", line \d+|"
    r"Exception in thread|^\s*\w+(?:Error|Exception):|;\s*$|\w\)\s*=>|"
    r"\b(?:sudo|rm -rf|chmod \d|wget https?:)|\bcurl\s+-?\S*https?:"
)
_SQL = re.compile(
    r"\b(?:select\s+[\w*,.\s]+?\s+from\s+\w+|insert\s+into\s+\w+|update\s+\w+\s+set\b|delete\s+from\s+\w+|"
    r"drop\s+(?:table|database)\b|union\s+(?:all\s+)?select\b|alter\s+table\b)|"
    r"'\s*(?:or|and)\s+'?\w+'?\s*=\s*'?\w+|;\s*--",
    re.IGNORECASE,
)
# A request for a section by number ("section 14.2", "article 9", "§ 3"): the terms number none.
_NUMBERED = re.compile(
    r"(?:\b(?:section|article|clause|paragraph|chapter)|§)\s*(?:\d+(?:\.\d+)*[a-z]?|[ivxlc]+)\b", re.I
)
# ...or by name: "what does the Data Retention Policy say", "show me the cookie policy clause".
_ASKS_FOR = (
    r"(?:quote|show|read|print|open|find|give|tell|what does|what do|what's in|what is in|where is|cite)"
)
_NAMED = re.compile(
    _ASKS_FOR + r"\b[^.?!]{0,25}?\bthe\s+[\"“']?(?P<name>[a-z][\w' -]{2,40}?)[\"”']?\s+"
    r"(?P<kind>policy|section|clause|article|chapter|agreement)\b",
    re.IGNORECASE,
)
# Keyboard mashing: a long run of consonants, or the keyboard's rows.
_MASH = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}|asdf|qwer|zxcv|hjkl|uiop", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Verdict:
    """A message refused (why, and what it named), or the text to read: without orders or code."""

    refusal: Refusal | None
    text: str
    named: str = ""


def _is_code(line: str) -> bool:
    return bool(_CODE_LINE.search(line) or _SQL.search(line))


def _without(text: str, unwanted: Callable[[str], bool], whole_lines: bool) -> str:
    """The text without its lines (or, line by line, its sentences) that `unwanted` picks out."""
    kept = []
    for line in text.splitlines():
        if whole_lines:
            kept.append("" if unwanted(line) else line)
        else:
            kept.append(" ".join(s for s in reading.sentences(line) if not unwanted(s)))
    return "\n".join(part for part in kept if part.strip()).strip()


def _asks_anything(text: str) -> bool:
    return any(reading.asks(part) and reading.content_words(part) >= 2 for part in reading.parts(text))


def _gibberish(text: str) -> bool:
    words = _LETTERS.findall(text)
    if not words:
        return not any(c.isdigit() for c in text)  # emoji or punctuation; "$45" answers a question
    mashed = sum(bool(_MASH.search(word)) for word in words)
    return mashed / len(words) >= 0.5


def _unknown_name(text: str, headings: Iterable[str]) -> str | None:
    """The section a message asks for by name or number, when the terms have no such section."""
    if _NUMBERED.search(text):
        return _NUMBERED.search(text).group(0)  # type: ignore[union-attr]
    match = _NAMED.search(text)
    if match is None:
        return None
    name = match.group("name").strip().lower()
    asked = f"{name} {match.group('kind').lower()}"
    known = [heading.lower() for heading in headings]
    if any(name in heading or asked in heading for heading in known):
        return None
    if difflib.get_close_matches(asked, known, n=1, cutoff=0.75):
        return None
    return text[match.start("name") : match.end("kind")]  # as the learner wrote it


def verdict(text: str, headings: Iterable[str]) -> Verdict:
    """Whether to refuse a message, and otherwise what of it to read."""
    if any(_is_code(line) for line in text.splitlines() if line.strip()):
        rest = _without(text, _is_code, whole_lines=True)
        if not _asks_anything(rest):
            return Verdict("code", text)
        text = rest
    if _ORDERS.search(text) or any(_ORDERS.search(line) for line in text.splitlines()):
        rest = _without(text, lambda piece: _ORDERS.search(piece) is not None, whole_lines=False)
        if not _asks_anything(rest):
            return Verdict("orders", text)
        text = rest
    if _ITS_INSTRUCTIONS.search(text):
        return Verdict("instructions", text)
    if _gibberish(text):
        return Verdict("gibberish", text)
    name = _unknown_name(text, headings)
    if name is not None:
        return Verdict("no_such_section", text, name)
    return Verdict(None, text)
