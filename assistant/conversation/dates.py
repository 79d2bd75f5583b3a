"""Dates in a learner's words: finding them, resolving them against the day asked about, and
telling which date each one is (paid, launched, certificate, born, when a problem happened).

`dateparser` reads each expression once it is found and checked ("February 30" is no date);
which date it is comes from the nearest keyword in the same clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

import dateparser

# English names whatever the machine's locale (calendar.month_name follows the locale).
_MONTH_LIST = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {name: n for n, name in enumerate(_MONTH_LIST, start=1)}
_MONTHS |= {name[:3]: n for name, n in _MONTHS.items()} | {"sept": 9}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ANY_MONTH = rf"(?:{_MONTH_NAMES})\b\.?"
_MONTH = rf"(?P<month>{_MONTH_NAMES})\b\.?"
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|fortnight|month|year)s?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
_ABOUT_WORDS = r"about|around|roughly|almost|nearly|over|like|maybe|approximately|exactly|just|only"
_ABOUT = rf"(?:(?:{_ABOUT_WORDS})\s+)?"


def _ignoring_case(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Each pattern finds one kind of date expression; `kind` says how it is checked and resolved.
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", _ignoring_case(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")),
    ("numeric", _ignoring_case(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})\b")),
    ("named", _ignoring_case(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b" + _YEAR)),
    (
        "named",
        _ignoring_case(
            r"\b(?:the\s+)?(?P<day>\d{1,2}|"
            + "|".join(_ORDINALS)
            + r")(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH
            + _YEAR
        ),
    ),
    ("relative", _ignoring_case(r"\b" + _ABOUT + _COUNT + r"\s+" + _UNIT + r"\s+(?:ago|back|earlier)\b")),
    (
        "been",
        _ignoring_case(
            r"\b(?:it'?s|it has|it's been|its been)\s+(?:been\s+)?" + _ABOUT + _COUNT + r"\s+" + _UNIT
        ),
    ),
    ("relative", _ignoring_case(r"\b(?:the day before yesterday|yesterday|last week)\b")),
    ("weak", _ignoring_case(r"\b(?:earlier today|this morning|today|tonight|tomorrow)\b")),
    ("relative", _ignoring_case(r"\b(?:last|this past|past|on|this)\s+" + _WEEKDAY + r"\b")),
    (
        "future",
        _ignoring_case(
            r"\b(?:next\s+(?:week|month|" + _WEEKDAY + r")|in\s+" + _COUNT + r"\s+" + _UNIT + r")\b"
        ),
    ),
    # A month or a year without a day, or "recently": not a date a deadline can be counted from.
    (
        "vague",
        _ignoring_case(
            r"\b(?:(?:in|during|early|late|mid|since|around|last)[\s-]+"
            + _ANY_MONTH
            + r"(?:,?\s+\d{4})?"
            + r"|"
            + _ANY_MONTH
            + r"\s+\d{4}\b|(?:in|during|since|around)\s+(?:19|20)\d{2}\b"
            + r"|(?:last|this)\s+(?:month|year)|(?:a few|few|several|some)\s+(?:day|week|month)s?\s+ago"
            + r"|a while (?:ago|back)|recently)"
        ),
    ),
]


@dataclass(frozen=True)
class FoundDate:
    """A date expression in a turn: its value, or why it can't be used."""

    start: int
    end: int
    text: str
    kind: str
    problem: str | None = None  # "not_real" or "vague"


def _day_of(match: re.Match[str]) -> int:
    day = match.group("day").lower()
    return _ORDINALS[day] if day in _ORDINALS else int(day)


def _real(match: re.Match[str], kind: str) -> bool:
    """Whether a written date exists on the calendar (February 30 doesn't)."""
    try:
        month_text = match.group("month")
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower().rstrip(".")]
        day = _day_of(match)
        year_text = match.group("year")
        if kind == "numeric" and month > 12 >= day:
            month, day = day, month  # 31/01/2025: unambiguous day-first
        year = int(year_text) if year_text else 2024  # a leap year, so a yearless February 29 exists
        if year < 100:
            year += 2000
        date(year, month, day)
    except (ValueError, KeyError):
        return False
    return True


def find_dates(text: str) -> list[FoundDate]:
    """Date expressions in `text`, left to right, without overlaps (the longest wins)."""
    found: list[FoundDate] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            problem = None
            if kind in ("iso", "numeric", "named") and not _real(match, kind):
                problem = "not_real"
            elif kind == "vague":
                problem = "vague"
            found.append(FoundDate(match.start(), match.end(), match.group(0), kind, problem))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[FoundDate] = []
    for candidate in found:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return kept


def _for_dateparser(found: FoundDate) -> str:
    """Phrase a found expression the way dateparser reads it ("a couple of days back" → "2 days ago")."""
    text = re.sub(r"^(?:on|the)\s+", "", found.text.strip())
    text = re.sub(rf"^(?:{_ABOUT_WORDS})\s+", "", text)
    for word, number in sorted(_ORDINALS.items(), key=lambda item: -len(item[0])):
        text = re.sub(rf"\b{word}\b", str(number), text)
    if found.kind in ("relative", "been", "future"):
        for words, number in sorted(NUMBER_WORDS.items(), key=lambda item: -len(item[0])):
            text = re.sub(rf"^{re.escape(words)}\b", str(number), text)
            text = re.sub(rf"\bin {re.escape(words)}\b", f"in {number}", text)
        text = re.sub(r"\b(\d+) fortnights?\b", lambda m: f"{2 * int(m.group(1))} weeks", text)
        text = re.sub(r"\b(?:back|earlier)$", "ago", text)
        text = re.sub(r"^this past\b|^past\b", "last", text)
        if found.kind == "been":
            text = re.sub(r"^(?:it'?s|it has|its)\s+(?:been\s+)?", "", text) + " ago"
        text = re.sub(r"^this\s+(?=" + _WEEKDAY + ")", "", text)
    if text in ("earlier today", "this morning", "tonight"):
        text = "today"
    return text


def resolve(found: FoundDate, as_of: date, prefer: Literal["past", "future"] = "past") -> date | None:
    """The calendar date of a found expression, relative to `as_of` (None when dateparser can't read it)."""
    settings = {
        "RELATIVE_BASE": datetime.combine(as_of, time()),
        "PREFER_DATES_FROM": "future" if found.kind == "future" else prefer,
        "DATE_ORDER": "MDY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(_for_dateparser(found), languages=["en"], settings=settings)
    return parsed.date() if parsed else None


# Keywords that say which date a date is; the nearest one in the same clause wins.
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    (
        "payment_date",
        re.compile(
            r"\b(?:paid|pay|payed|paying|payment|bought|buy|purchas\w*|subscrib\w*|sign(?:ed)?[\s-]?up|"
            r"enrol+(?:ed|ing)?|pre[\s-]?enrol+\w*|pre[\s-]?order\w*|preorder\w*|charged|renew\w*|joined|"
            r"upgraded|ordered)\b"
        ),
    ),
    # A launch told in the past tense ("it launched on February 20") is looked for in the past,
    # any other in the future ("it launches on June 1").
    (
        "launched",
        re.compile(
            r"\b(?:launched|released|went live|came out)\b|"
            r"\b(?:course|class|it|specialization|program|first one)\s+(?:started|began|opened)\b"
        ),
    ),
    (
        "launch_date",
        re.compile(
            r"\b(?:launch(?!ed)\w*|release(?!d)\w*|goes live|start date)\b|"
            r"\b(?:course|class|it|specialization|program|first one)\s+"
            r"(?:starts|begins|opens|kicks off|will start|will begin)\b"
        ),
    ),
    ("certificate_date", re.compile(r"\b(?:certificates?|certs?|certified|completed|finished|passed)\b")),
    ("birth_date", re.compile(r"\b(?:born|birthday|birth|dob)\b")),
    (
        "accrual_date",
        re.compile(
            r"\b(?:happened|occurred|incident|problem|issue|dispute|went wrong|damaged?|lost|hacked|outage|"
            r"went down|deleted)\b"
        ),
    ),
    # Dates of these events feed no rule; naming them keeps them out of the slots above.
    ("other", re.compile(r"\b(?:cancel\w*|requested|asked for|emailed|contacted|complained)\b")),
]
# Clauses end at punctuation, at conjunctions, and before a question ("I paid on May 1 can I…").
_CLAUSE_BREAK = re.compile(
    r"[.;!?\n]|,|\b(?:and|but|then|so|because|though|although)\b|"
    r"\b(?=(?:can|could|may|will|would|should|do|does|is|am|are)\s+(?:i|we|it|you)\b)"
)


def _clauses(text: str, dates: Sequence[FoundDate]) -> list[tuple[int, int]]:
    """(start, end) of the clauses of `text`, never breaking inside a date expression."""
    masked = list(text)
    for found in dates:
        masked[found.start : found.end] = "#" * (found.end - found.start)
    bounds = [0]
    for match in _CLAUSE_BREAK.finditer("".join(masked)):
        bounds += [match.start(), match.end()]
    bounds.append(len(text))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]


def _role_in(text: str, start: int, end: int, found: FoundDate) -> str | None:
    """The role keyword nearest to `found` within text[start:end], preceding ones winning ties."""
    best: tuple[int, int, str] | None = None
    for role, pattern in _ROLES:
        for match in pattern.finditer(text, start, end):
            if found.start <= match.start() < found.end:
                continue
            before = match.end() <= found.start
            distance = found.start - match.end() if before else match.start() - found.end
            key = (distance, 0 if before else 1, role)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def date_roles(text: str, dates: Sequence[FoundDate]) -> list[str | None]:
    """For each found date, which date it is by the keywords around it (None when nothing says)."""
    clauses = _clauses(text, dates)

    def clause_of(found: FoundDate) -> int:
        return next((i for i, (s, e) in enumerate(clauses) if s <= found.start < e), len(clauses) - 1)

    dated = {clause_of(found) for found in dates}
    roles: list[str | None] = []
    for found in dates:
        here = clause_of(found)
        role = _role_in(text, *clauses[here], found)
        # "On March 1, I paid" / "I paid for a course, 10 days ago": look next door (if no other date is).
        # A weak date ("today") counts only with a keyword right beside it.
        neighbours = () if found.kind == "weak" else (here + 1, here - 1)
        for neighbour in neighbours:
            if role is None and 0 <= neighbour < len(clauses) and neighbour not in dated:
                role = _role_in(text, *clauses[neighbour], found)
        roles.append(role)
    return roles
