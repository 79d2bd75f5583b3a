"""Dates in a learner's words: finding them, resolving them against the day asked about, and
telling which date each one is (paid, launched, certificate, born, when a problem happened).

`dateparser` reads the common expressions once they are found and checked ("February 30" is no
date); the ones it reads wrongly or not at all (a day of the month alone, a weekday of a given
week, the start or end of a month, named days from the `holidays` library) are worked out here.
Which date it is comes from the nearest keyword in the same clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Literal

import dateparser
from dateutil.relativedelta import relativedelta

# English names whatever the machine's locale (calendar.month_name follows the locale).
MONTH_NAMES = [
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
_MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS |= {name[:3]: n for name, n in _MONTHS.items()} | {"sept": 9}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ANY_MONTH = rf"(?:{_MONTH_NAMES})\b\.?"
_MONTH = rf"(?P<month>{_MONTH_NAMES})\b\.?"
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|fortnight|month|year)s?"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?:" + "|".join(_WEEKDAYS) + r")"
_A_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
# A day of the month said alone ("on the 5th"); the words after it that make it something else.
_NTH = r"(?P<day>\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")"
_NTH_OR_NUMBER = (
    r"(?P<day>\d{1,2}(?:st|nd|rd|th)?|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")"
)
_NOT_A_DAY = (
    r"(?!\s+(?:of\b|century|centuries|time|times|attempt|try|course|courses|week|weeks|day|days|month|"
    r"months|year|years|module|lesson|chapter|grade|place|floor|row|video|assignment|quiz|question|lecture|"
    r"one|person|reviewer|payment|installment|certificate|edition|version|item|step|page|part)\b)"
)
_WHICH = r"(?P<which>this|last|the last|previous|the previous|next|the next)"
# Named days, as the `holidays` library and a few sales days call them.
_HOLIDAY = (
    r"(?P<holiday>christmas eve|christmas(?: day)?|x-?mas(?: day)?|boxing day|new year'?s eve|"
    r"new year'?s day|new year'?s(?! resolution)|valentine'?s(?: day)?|halloween|thanksgiving(?: day)?|"
    r"black friday|cyber monday|easter(?: sunday)?|good friday|(?:the )?fourth of july|independence day|"
    r"labou?r day|memorial day|mother'?s day|father'?s day|(?:st\.?|saint) patrick'?s day|juneteenth)"
)
# The year a day of a month is in: written, or said ("March 1 last year").
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b|,?\s+(?:of\s+)?(?P<which_year>last|this)\s+year\b)?"
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
    (
        "relative",
        _ignoring_case(
            r"\b(?:the day before yesterday|yesterday(?:\s+(?:morning|afternoon|evening|night))?|"
            r"last\s+night|last week)\b"
        ),
    ),
    ("weak", _ignoring_case(r"\b(?:earlier today|this morning|today|tonight|tomorrow)\b")),
    # "it's Sunday now" says what today is, not when something happened.
    ("weak", _ignoring_case(r"\b(?:it'?s|its|today is|today'?s)\s+(?:a\s+)?" + _WEEKDAY + r"\b")),
    ("weekday", _ignoring_case(r"\b(?P<when>last|this past|past|on|this|next)\s+" + _A_WEEKDAY + r"\b")),
    # A weekday of a week a number of weeks back: "two weeks ago on Monday", "Thursday last week".
    ("week_day", _ignoring_case(r"\b" + _COUNT + r"\s+weeks?\s+ago\s+on\s+" + _A_WEEKDAY + r"\b")),
    ("week_day", _ignoring_case(r"\b(?:on\s+)?" + _A_WEEKDAY + r"\s+" + _COUNT + r"\s+weeks?\s+ago\b")),
    ("week_day", _ignoring_case(r"\blast\s+week\s+on\s+" + _A_WEEKDAY + r"\b")),
    ("week_day", _ignoring_case(r"\b(?:on\s+)?" + _A_WEEKDAY + r"\s+(?:of\s+)?last\s+week\b")),
    # A day of this month, the last or the next: "on the 5th", "the 28th of last month".
    (
        "month_day",
        _ignoring_case(r"\b(?:on\s+)?(?:the\s+)?" + _NTH_OR_NUMBER + r"\s+of\s+" + _WHICH + r"\s+month\b"),
    ),
    ("month_day", _ignoring_case(r"\b" + _WHICH + r"\s+month\s+on\s+the\s+" + _NTH_OR_NUMBER + r"\b")),
    (
        "month_day",
        _ignoring_case(
            r"\b(?:on|was|since|from|by|until)\s+the\s+"
            + _NTH
            + r"(?:\s+"
            + _WHICH
            + r"\s+month)?\b"
            + _NOT_A_DAY
        ),
    ),
    # The first or last day of a month: "at the beginning of March", "the end of last month".
    (
        "month_edge",
        _ignoring_case(
            r"\b(?:at\s+|in\s+|by\s+)?the\s+(?P<edge>beginning|start|end)\s+of\s+(?:"
            + _MONTH
            + r"(?:,?\s+(?P<year>\d{4}))?|"
            + _WHICH
            + r"\s+month|the\s+month)\b"
        ),
    ),
    ("holiday", _ignoring_case(r"\b(?:on\s+)?" + _HOLIDAY + r"(?:,?\s+(?P<year>\d{4}))?\b")),
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
    problem: str | None = None  # "not_real", "vague" or "ambiguous"
    # The named parts found (day, month, weekday, which…), for the kinds resolved here.
    groups: tuple[tuple[str, str], ...] = ()

    def group(self, name: str) -> str | None:
        return dict(self.groups).get(name)


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


def _either_way(match: re.Match[str]) -> bool:
    """Whether a numeric date reads as a date both month-first and day-first (03/04/2025)."""
    first, second = int(match.group("month")), int(match.group("day"))
    return first != second and first <= 12 and second <= 12


def either_way(found: FoundDate) -> tuple[date, date]:
    """The two days an ambiguous numeric date may be: month first, then day first."""
    first, second, year = (int(found.group(name) or 0) for name in ("month", "day", "year"))
    year += 2000 if year < 100 else 0
    return date(year, first, second), date(year, second, first)


def find_dates(text: str) -> list[FoundDate]:
    """Date expressions in `text`, left to right, without overlaps (the longest wins)."""
    found: list[FoundDate] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            problem = None
            if kind in ("iso", "numeric", "named") and not _real(match, kind):
                problem = "not_real"
            elif kind == "numeric" and _either_way(match):
                problem = "ambiguous"
            elif kind == "vague":
                problem = "vague"
            groups = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
            found.append(FoundDate(match.start(), match.end(), match.group(0), kind, problem, groups))
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
    if text == "last night" or text.startswith("yesterday "):
        text = "yesterday"
    return text


def _ordinal(text: str) -> int:
    text = text.lower()
    return _ORDINALS[text] if text in _ORDINALS else int(re.sub(r"\D", "", text))


def _month_offset(which: str | None) -> int | None:
    """How many months from this one a "this/last/next month" is (None when none was said)."""
    if which is None:
        return None
    return {"this": 0, "last": -1, "previous": -1, "next": 1}[which.lower().removeprefix("the ")]


def _in_month(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(found: FoundDate, as_of: date, prefer: str) -> date | None:
    """A day of the month: of the month named ("of last month"), or else of this month unless that
    is later than `as_of` for a past event (then the month before)."""
    day = _ordinal(found.group("day") or "0")
    offset = _month_offset(found.group("which"))
    if offset is None:
        this = _in_month(as_of.year, as_of.month, day)
        offset = 0 if (this and (this <= as_of or prefer == "future")) else (-1 if prefer == "past" else 1)
    first = date(as_of.year, as_of.month, 1) + relativedelta(months=offset)
    return _in_month(first.year, first.month, day)


def _weekday(found: FoundDate, as_of: date, prefer: str) -> date:
    """The weekday before `as_of` ("last Tuesday", "on Friday"), or after it ("next Friday", or for
    an event to come); never `as_of` itself."""
    target = _WEEKDAYS.index((found.group("weekday") or "").lower())
    future = found.group("when") == "next" or prefer == "future"
    if future:
        return as_of + timedelta(days=(target - as_of.weekday() - 1) % 7 + 1)
    return as_of - timedelta(days=(as_of.weekday() - target - 1) % 7 + 1)


def _week_day(found: FoundDate, as_of: date) -> date:
    """That weekday of the Monday-to-Sunday week holding the day `count` weeks back."""
    count_text = (found.group("count") or "1").lower()
    count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text, 1)
    back = as_of - timedelta(weeks=count)
    return (
        back - timedelta(days=back.weekday()) + timedelta(days=_WEEKDAYS.index(found.group("weekday") or ""))
    )


def _month_edge(found: FoundDate, as_of: date, prefer: str) -> date:
    """The first or last day of a month: the one named (the latest not after `as_of` for a past
    event, unless a year is given), or this, last or next month."""
    month_name = found.group("month")
    if month_name:
        month = _MONTHS[month_name.lower().rstrip(".")]
        year = int(found.group("year") or as_of.year)
        if not found.group("year") and prefer == "past" and date(year, month, 1) > as_of:
            year -= 1
        first = date(year, month, 1)
    else:
        first = date(as_of.year, as_of.month, 1) + relativedelta(
            months=_month_offset(found.group("which")) or 0
        )
    if found.group("edge") == "end":
        return first + relativedelta(months=1, days=-1)
    return first


@cache
def _named_days(year: int) -> dict[str, date]:
    """The named days of a year by lower-cased name: the US calendar's public and unofficial days
    (the `holidays` library), Boxing Day, and the sales days after Thanksgiving."""
    import holidays

    found = {
        name.lower(): day
        for day, name in holidays.US(years=year, categories=("public", "unofficial")).items()
    }
    thanksgiving = found.get("thanksgiving day") or found.get("thanksgiving")
    if thanksgiving:
        found["black friday"] = thanksgiving + timedelta(days=1)
        found["cyber monday"] = thanksgiving + timedelta(days=4)
    found["boxing day"] = date(year, 12, 26)
    return found


# What people call the days, in the names `_named_days` keeps.
_NAMED_AS = {
    "christmas": "christmas day", "xmas": "christmas day", "x-mas": "christmas day",
    "xmas day": "christmas day", "x-mas day": "christmas day", "new years eve": "new year's eve",
    "new year's": "new year's day",
    "new years": "new year's day", "new years day": "new year's day", "valentine's": "valentine's day",
    "valentines": "valentine's day", "valentines day": "valentine's day", "thanksgiving": "thanksgiving day",
    "easter": "easter sunday", "fourth of july": "independence day", "the fourth of july": "independence day",
    "labour day": "labor day", "mothers day": "mother's day", "fathers day": "father's day",
    "st patrick's day": "saint patrick's day", "st. patrick's day": "saint patrick's day",
    "st patricks day": "saint patrick's day", "saint patricks day": "saint patrick's day",
    "juneteenth": "juneteenth national independence day",
}  # fmt: skip


def _holiday(found: FoundDate, as_of: date, prefer: str) -> date | None:
    """A named day: in the year given, else the latest on or before `as_of` for a past event (the
    next one on or after it for an event to come)."""
    name = (found.group("holiday") or "").lower()
    name = _NAMED_AS.get(name, name)
    if found.group("year"):
        return _named_days(int(found.group("year") or 0)).get(name)
    step = -1 if prefer == "past" else 1
    for year in (as_of.year, as_of.year + step):
        day = _named_days(year).get(name)
        if day is not None and (day <= as_of if prefer == "past" else day >= as_of):
            return day
    return None


def resolve(found: FoundDate, as_of: date, prefer: Literal["past", "future"] = "past") -> date | None:
    """The calendar date of a found expression, relative to `as_of` (None when it can't be read)."""
    if found.kind == "month_day":
        return _month_day(found, as_of, prefer)
    if found.kind == "weekday":
        return _weekday(found, as_of, prefer)
    if found.kind == "week_day":
        return _week_day(found, as_of)
    if found.kind == "month_edge":
        return _month_edge(found, as_of, prefer)
    if found.kind == "holiday":
        return _holiday(found, as_of, prefer)
    if found.kind == "named" and found.group("which_year"):
        return _in_said_year(found, as_of)
    settings = {
        "RELATIVE_BASE": datetime.combine(as_of, time()),
        "PREFER_DATES_FROM": "future" if found.kind == "future" else prefer,
        "DATE_ORDER": "MDY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(_for_dateparser(found), languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _in_said_year(found: FoundDate, as_of: date) -> date | None:
    """A day of a month in the year said: "March 1 last year", "the 3rd of May this year"."""
    month_text, day_text = (
        (found.group("month") or "").lower().rstrip("."),
        (found.group("day") or "").lower(),
    )
    day = _ORDINALS[day_text] if day_text in _ORDINALS else int(day_text)
    year = as_of.year - (found.group("which_year") or "").lower().startswith("last")
    try:
        return date(year, _MONTHS[month_text], day)
    except (ValueError, KeyError):
        return None


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
    # ...but a "certificate course" is what was bought, not when a certificate came.
    (
        "certificate_date",
        re.compile(
            r"\b(?:certificates?|certs?|certified|completed|finished|passed)\b(?!\s+(?:course|program))"
        ),
    ),
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
