"""Read a conversation: which rule it asks for (the intent) and the facts it gives (the slots).

Facts are read from every user turn, the latest value winning, with lexicons for products,
marketplaces and amounts, and `dateparser` for dates relative to `as_of`. Which date is which
(paid, launched, certificate, born, when a problem happened) comes from the nearest keyword in
the same clause, or else from the question the assistant just asked. Nothing here decides
anything: the rules do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal

import dateparser

from assistant.schemas import Message

# The quick replies offered when the product is missing, and what each one means.
PRODUCT_OPTIONS = {
    "Coursera Plus": "coursera_plus",
    "Monthly subscription": "monthly_subscription",
    "Single course": "course",
    "Specialization": "specialization",
    "Guided project": "guided_project",
    "Degree or MasterTrack": "degree",
}

# One question per slot. They are told apart in the assistant's previous turn (the client sends
# the conversation back), so a bare "Coursera Plus" or "on June 1st" answers the right one.
QUESTIONS = {
    "product": "What did you pay for?",
    "payment_date": "When did you pay? A date such as March 3, 2025, or “10 days ago” is fine.",
    "launch_date": "When does (or did) the course launch?",
    "certificate_date": "When did you earn the course certificate?",
    "birth_date": "What is the date of birth of the person who would use Coursera?",
    "accrual_date": "When did the problem your claim is about happen?",
    "amount_usd": "How much have you paid Coursera in the past six months, in US dollars?",
}

DateSlot = Literal["payment_date", "launch_date", "certificate_date", "birth_date", "accrual_date"]
DATE_SLOTS: tuple[DateSlot, ...] = (
    "payment_date",
    "launch_date",
    "certificate_date",
    "birth_date",
    "accrual_date",
)

# Where an unlabelled date goes when the assistant asked for nothing in particular.
DEFAULT_DATE_SLOT: dict[str, DateSlot] = {
    "refund_eligibility": "payment_date",
    "registration_expiry": "payment_date",
    "specialization_deadline": "payment_date",
    "claim_deadline": "accrual_date",
    "minimum_age": "birth_date",
}


@dataclass
class Slots:
    """The facts the user has given so far."""

    product: str | None = None
    purchased_via: str | None = None
    payment_date: date | None = None
    launch_date: date | None = None
    certificate_date: date | None = None
    birth_date: date | None = None
    accrual_date: date | None = None
    amount_usd: Decimal | None = None
    refund_window_days: int | None = None
    free_trial: bool | None = None
    violated_terms: bool | None = None
    pre_enrolled: bool = False
    # A date slot the user tried to give but that can't be used, with a note saying why.
    unclear: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Understanding:
    """What the conversation asks (a rule name, or None for a lookup) and the facts it gives."""

    intent: str | None
    slots: Slots
    # The slot the assistant's last follow-up question asked for, if it asked one.
    pending: str | None
    # The user turns of the current question, joined: what retrieval searches for.
    question: str


# --- dates ------------------------------------------------------------------------------------

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
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(map(re.escape, _NUMBERS), key=len, reverse=True)) + ")"
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
        for words, number in sorted(_NUMBERS.items(), key=lambda item: -len(item[0])):
            text = re.sub(rf"^{re.escape(words)}\b", str(number), text)
            text = re.sub(rf"\bin {re.escape(words)}\b", f"in {number}", text)
        text = re.sub(r"\b(\d+) fortnights?\b", lambda m: f"{2 * int(m.group(1))} weeks", text)
        text = re.sub(r"\b(?:back|earlier)$", "ago", text)
        text = re.sub(r"^this past\b|^past\b", "last", text)
        if found.kind == "been":
            text = re.sub(r"^(?:it'?s|it has|its)\s+(?:been\s+)?", "", text) + " ago"
        text = re.sub(r"^on\s+|^this\s+(?=" + _WEEKDAY + ")", "", text)
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


# --- products, marketplaces, amounts, periods ---------------------------------------------------

_PRODUCTS: list[tuple[str, re.Pattern[str]]] = [
    ("other", re.compile(r"\b(?:other|another|a|some)\s+(?:paid\s+|coursera\s+)?service\b")),
    (
        "coursera_plus",
        re.compile(
            r"coursera\s*\+|\b(?:coursera|corsera|cousera|courserra|coursea)[\s-]*plus\b|^\W*plus\W*$|"
            r"\b(?:the|my|a|your)\s+plus\b|\bplus\s+(?:subscription|plan|membership)\b|"
            r"\b(?:annual|yearly)\s+(?:plan|subscription|membership)\b"
        ),
    ),
    ("mastertrack", re.compile(r"\bmaster\s*-?\s*track")),
    ("degree", re.compile(r"\b(?:degrees?|bachelor'?s?|master'?s|mba|msc)\b")),
    ("guided_project", re.compile(r"\bguided[\s-]*proj\w*")),
    ("monthly_subscription", re.compile(r"\bmonth[\s-]*to[\s-]*month\b|\bmont?hly\b|\bsub?scri?p\w*")),
    ("specialization", re.compile(r"\bspeciali[sz]\w*|\bspecializ\w*|\bspecal\w*")),
    ("course", re.compile(r"\bcourses?\b|\bclass(?:es)?\b|\bmooc\b")),
]
# "course" in these phrases is part of a specialization or a certificate, not a purchase of its own.
_NOT_A_COURSE = re.compile(
    r"\bof course\b|\bcourse certificates?\b|\b(?:first|1st|second|next|each|every|any|one|that) course\b|"
    r"\bcourses? (?:in|of) (?:the|my|this|a|that) speciali[sz]\w*|"
    r"\bcourse (?:[1-9]|one|two|three)\b(?!\s+(?:days?|weeks?|months?|years?)\b)"
)
_SINGLE_COURSE = re.compile(r"\b(?:single|standalone|stand-alone|individual|one-time|one time)\s+course\b")

_VIA: list[tuple[str, re.Pattern[str]]] = [
    ("app_store", re.compile(r"\bapp\s*store\b|\bapple\b|\biphone\b|\bipad\b|\bios\b|\bitunes\b")),
    ("google_play", re.compile(r"\bgoogle\s*play\b|\bplay\s*store\b|\bandroid\b")),
    (
        "in_app",
        re.compile(
            r"\bin[\s-]?app\b|\b(?:through|via|in|on|from|using) (?:the|my|your) (?:mobile |phone )?app\b|"
            r"\bmobile app\b|\balternative payment\b|\bthird[\s-]party (?:marketplace|store|app)\b"
        ),
    ),
    (
        "employer",
        re.compile(
            r"\bemployer\b|\bcoursera for (?:business|governments?|organi[sz]ations?|campus|refugees)\b|"
            r"\bsponsored\b|"
            r"\b(?:through|via|from|by|paid by|covered by|provided by|paid for by) (?:my |our |the )?"
            r"(?:company|work|workplace|job|organi[sz]ation|university|school|college)\b|"
            r"\b(?:my|our) (?:company|work|job|organi[sz]ation|university|school) "
            r"(?:paid|pays|covered|covers|bought|provides|provided|gave|gives)\b"
        ),
    ),
    (
        "coursera",
        re.compile(
            r"\b(?:on|through|via|from|at) (?:the )?coursera(?:\.org)?\b(?!\s*(?:plus|\+|for\b))|"
            r"\bcoursera(?:\.org)? (?:website|site)\b|\b(?:on|through|via) the (?:website|site)\b|"
            r"\bdirectly\b"
        ),
    ),
]

_AMOUNT = re.compile(
    r"(?:\$|\busd\s*|\bus\$)\s*(?P<a>\d[\d,]*(?:\.\d{1,2})?)|"
    r"\b(?P<b>\d[\d,]*(?:\.\d{1,2})?)\s*(?:usd|dollars?|bucks)\b"
)
_PAID_NOTHING = re.compile(
    r"\b(?:nothing|zero|none|haven'?t paid|didn'?t pay|never paid|not paid|no fees?|only (?:used )?free)\b"
)

_PERIOD_COUNT = r"(?P<n>\d{1,2}|" + "|".join(w for w in _NUMBERS if " " not in w) + r")"
_PERIOD_UNIT = r"[\s-]+(?P<unit>day|week)s?\b"
_PERIODS = [
    re.compile(r"\b" + _PERIOD_COUNT + _PERIOD_UNIT + r"[\s-]+(?:refund|money[\s-]*back|cancell?ation)"),
    re.compile(
        r"\b(?:refund|money[\s-]*back|cancell?ation)\s+(?:period|window|time|policy)\s+"
        r"(?:(?:is|was|of|only|just|said|says|stated|were)\s+)*" + _PERIOD_COUNT + _PERIOD_UNIT
    ),
    re.compile(
        r"\b(?:only|just)\s+(?:\w+\s+){0,3}?"
        + _PERIOD_COUNT
        + _PERIOD_UNIT
        + r"\s+(?:to|for)\s+(?:\w+\s+){0,2}?refund"
    ),
    re.compile(
        r"\brefund\w*\s+(?:\w+\s+){0,4}?(?:within|until|up to)\s+"
        + _PERIOD_COUNT
        + _PERIOD_UNIT
        + r"(?!\s+ago)"
    ),
]

_VIOLATION = re.compile(
    r"\b(?:violat\w*|cheat\w*|plagiari[sz]\w*|banned|"
    r"broke (?:the |coursera'?s )?(?:honou?r code|terms|rules)|"
    r"breach\w* (?:of )?(?:the )?(?:terms|honou?r code)|against the (?:honou?r code|terms))"
)
_NOT_VIOLATION = re.compile(
    r"\b(?:not|never|didn'?t|did not|haven'?t|have not|wasn'?t|was not|no)\W+(?:\w+\W+){0,2}?"
    r"(?:violat|cheat|plagiar|broke|breach)"
)
_FREE_TRIAL = re.compile(r"\bfree[\s-]?trial\b|\btrial (?:period|ended|ran out|expired)\b")
_NO_FREE_TRIAL = re.compile(r"\b(?:no|without a|didn'?t have a|wasn'?t a|not a)\s+(?:free[\s-]?)?trial\b")
_PRE_ENROLLED = re.compile(
    r"\bpre[\s-]?(?:enrol\w*|order\w*|register\w*|purchas\w*|paid|bought|sale)|\bpreorder\w*|"
    r"\b(?:hasn'?t|has not|hadn'?t|had not|not) (?:yet )?"
    r"(?:launched|started|been released|come out|begun|opened)\b|"
    r"\bbefore (?:it|the course|the specialization) (?:launched|started|came out|was released|opened)\b"
)


def product_in(text: str) -> str | None:
    """The product a turn names, the most specific name winning ("coursera plus subscription" → Plus)."""
    text = _NOT_A_COURSE.sub(" ", text)
    for product, pattern in _PRODUCTS:
        if pattern.search(text):
            return product
    return None


def via_in(text: str) -> str | None:
    for via, pattern in _VIA:
        if pattern.search(text):
            return via
    return None


def amount_in(text: str) -> Decimal | None:
    match = _AMOUNT.search(text)
    if match is None:
        return None
    return Decimal((match.group("a") or match.group("b")).replace(",", ""))


def period_in(text: str) -> int | None:
    """A refund period the user says they were given at sign-up, in days ("a 7-day refund", "a week")."""
    for pattern in _PERIODS:
        match = pattern.search(text)
        if match:
            n = match.group("n")
            count = int(n) if n.isdigit() else _NUMBERS[n]
            return count * (7 if match.group("unit") == "week" else 1)
    return None


def _flag(text: str, yes: re.Pattern[str], no: re.Pattern[str]) -> bool | None:
    if no.search(text):
        return False
    return True if yes.search(text) else None


# --- intents --------------------------------------------------------------------------------------

_PERSONAL = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|we|our|us)\b")
_REFUND = re.compile(
    r"\brefund\w*|\bmoney back\b|\bget (?:my|the|our) money\b|\b(?:full )?amount back\b|\bpaid back\b|"
    r"\bcash back\b"
)
# The asker wants to know about their own refund ("can I still get…", "am I eligible", "I want…").
_ASK = re.compile(
    r"\b(?:can|could|may|will|would|do|should|shall)\s+(?:i|we)\s+(?:still\s+)?"
    r"(?:get|have|ask|request|receive|claim|apply|be|qualify)\b|"
    r"\b(?:am i|are we|is it)\s+(?:still\s+)?"
    r"(?:eligible|entitled|able|allowed|possible|too late|refundable)\b|"
    r"\b(?:i|we)(?:\s+(?:want|would like|need|wanna|am requesting|request|demand)|'d like)\b|"
    r"\brefund me\b|\bgive me\b|\bis (?:it|this|that|mine|my \w+) (?:still )?refundable\b|"
    r"\bhow (?:long|many days|much time) do (?:i|we) have\b|\buntil when\b|\btoo late\b|\bstill\b"
)
_PAY_VERB = (
    r"(?:paid|bought|purchased|subscribed|signed up|enrolled|pre-?enrolled|pre-?ordered|preordered|joined|"
    r"upgraded|renewed|got charged|was charged|were charged|registered)"
)
# "I paid…", "we just bought…", or a message that starts with the verb ("Bought a course…").
_I_PAID = re.compile(
    rf"\b(?:i|we|i've|ive|i'd|i have|we have|i just|we just|i already)\s+(?:\w+\s+)?{_PAY_VERB}\b|"
    rf"^\W*{_PAY_VERB}\b"
)
_MY_THING = re.compile(
    r"\bmy\b[^.?!]{0,25}\b(?:coursera plus|plus|subscription|course|specialization|guided project|degree|"
    r"mastertrack|purchase|payment|order|program|enrol+ment|registration|access)\b"
)
# Questions about the policy rather than the asker's own case; grades and failing are covered by a
# clause (no late refunds for them), not by a computation.
_GENERIC = re.compile(
    r"\brefund polic(?:y|ies)\b|\bpolicy\b|"
    r"\b(?:are|is) (?!my\b|it\b|this\b|mine\b)(?:\w+\s){0,4}refundable\b|"
    r"\bdoes coursera\b|\bdo (?:they|you) (?:offer|give|do)\b|\binstead of (?:a )?refund\b|\bin general\b|"
    r"\bwhose\b|\brules?\b|\bgrades?\b|\bfail(?:ed|ing)?\b|\bpassing mark\b|\beven though\b|"
    r"\bwhen does\b[^?]*\b(?:start|begin)\b"
)
_PROCESS = re.compile(
    r"\bhow (?:do|can|would|should|to)\b|\bwhere\b|\binstructions?\b|\bsteps?\b|\bprocess\b|"
    r"\bwho (?:do|should) i\b|\bwhat do i (?:need|have) to do\b"
)
_HYPOTHETICAL = re.compile(
    r"\bif (?:i|you|a learner|someone|a user|we|they|my)\b|\bwhat if\b|\bwhat happens\b|\bsuppose\b"
)
_WHY = re.compile(r"^\W*why\b|\bwhy (?:is|does|do|did|was|can'?t|won'?t|wont|cant)\b")
_REGISTRATION = re.compile(
    r"\b(?:registration|enrol+ment|access)\b[^.?!]{0,40}"
    r"\b(?:expir\w*|run(?:s|ning)? out|end(?:s|ing)?|last(?:s)?|valid)\b|"
    r"\bexpir(?:e|es|ed|y|ing)\b|\b180[\s-]days?\b|\bre-?enrol+\b|\bpay again\b"
)
_DEADLINE = re.compile(
    r"\bhow long\b|\bdeadline\b|\btime limit\b|\b(?:finish|complete|completing|finishing)\b|\bexpir\w*|"
    r"\brun(?:s)? out\b|\b(?:one|1|a) year\b|\buntil when\b|\bby when\b|\bhow much time\b|\bdue\b"
)
_LEGAL = re.compile(
    r"\b(?:sue|suing|sued|lawsuit|legal action|legal claim|court|cause of action|bring a claim|file a claim|"
    r"arbitration|litigat\w*)\b"
)
_TIMING = re.compile(
    r"\bhow long\b|\bdeadline\b|\btoo late\b|\btime limit\b|\buntil when\b|\bby when\b|\bstill\b|"
    r"\bstatute of limitations?\b|\bhow much time\b|\blast day\b|\bexpire\w*"
)
_TOO_LATE = re.compile(r"\b(?:is it|am i|are we) (?:still )?too late\b")
_LIABILITY = re.compile(r"\bliab\w*|\bcap(?:ped)?\b|\bmaximum\b|\bmax\b|\bthe most\b|\bhow much\b|\blimit\b")
_COMPENSATION = re.compile(
    r"\b(?:sue|suing|claim\w*|compensat\w*|damages|recover|liable|liability|owe|pay (?:me|out)|cap(?:ped)?|"
    r"get back)\b"
)
_AGE = re.compile(
    r"\b(?:how old|age|aged|years? old|born|birthday|date of birth|under 13|under thirteen|too young|"
    r"old enough|minimum age)\b"
)
_BORN = re.compile(r"\b(?:born|birthday|date of birth|dob)\b")
_QUESTION = re.compile(
    r"\?\s*$|^\W*(?:what|how|why|who|where|when|which|can|could|is|are|do|does|did|will|would|should|may|am|"
    r"was|were|has|have)\b"
)
_REFINEMENT = re.compile(
    r"^\W*(?:(?:what|how) about|and|what if (?:it|i) (?:was|were|had|did)|ok|okay|oh|actually)\b"
)


@dataclass(frozen=True)
class Turn:
    """What one user message says on its own."""

    original: str
    text: str  # lower-cased, same length as `original`, so spans found in one apply to the other
    dates: list[FoundDate]
    roles: list[str | None]
    product: str | None
    via: str | None
    amount: Decimal | None


def read_turn(content: str) -> Turn:
    text = content.lower().replace("’", "'")
    if len(text) != len(content):  # a few characters (İ) grow when lower-cased
        content = text
    dates = find_dates(text)
    return Turn(
        content, text, dates, date_roles(text, dates), product_in(text), via_in(text), amount_in(text)
    )


def intent_of(turn: Turn) -> str | None:
    """The rule a turn asks for on its own, or None. Questions *about* the policy stay lookups."""
    text = turn.text
    exact_date = any(d.problem != "vague" and d.kind != "weak" for d in turn.dates)
    strong = exact_date or bool(_I_PAID.search(text))
    weak = bool(_MY_THING.search(text))
    guarded = any(p.search(text) for p in (_GENERIC, _PROCESS, _HYPOTHETICAL, _WHY))
    if _REFUND.search(text) and (strong or ((weak or _ASK.search(text)) and not guarded)):
        return "refund_eligibility"
    if (
        _REGISTRATION.search(text)
        and turn.product
        not in ("specialization", "coursera_plus", "monthly_subscription", "degree", "mastertrack")
        and (strong or ((weak or turn.via == "employer") and not guarded))
    ):
        return "registration_expiry"
    if turn.product == "specialization" and _DEADLINE.search(text) and (strong or (weak and not guarded)):
        return "specialization_deadline"
    if _LEGAL.search(text) and _TIMING.search(text) and (exact_date or _TOO_LATE.search(text)):
        return "claim_deadline"
    if (
        _LIABILITY.search(text)
        and _COMPENSATION.search(text)
        and (turn.amount is not None or ("how much" in text and _PERSONAL.search(text)))
    ):
        return "liability_cap"
    if _AGE.search(text) and (_BORN.search(text) and (exact_date or _PERSONAL.search(text))):
        return "minimum_age"
    return None


def _kind_of(turn: Turn, pending: str | None) -> Literal["rule", "lookup", "answer"]:
    """A turn asks for a rule, asks something else (a lookup), or answers/refines what came before."""
    if intent_of(turn) is not None:
        return "rule"
    text = turn.text
    has_facts = bool(turn.dates or turn.product or turn.via or turn.amount is not None)
    short = len(text.split()) <= 8
    if _REFINEMENT.search(text) or (has_facts and short) or (pending and has_facts):
        return "answer"
    return "lookup" if _QUESTION.search(text) else "answer"


def _pending(message: Message | None) -> str | None:
    if message is None or message.role != "assistant":
        return None
    return next((slot for slot, question in QUESTIONS.items() if question in message.content), None)


def understand(messages: Sequence[Message], as_of: date) -> Understanding:
    """The intent of the conversation's current question, and every fact given so far."""
    turns: list[tuple[Turn, str | None]] = []
    for position, message in enumerate(messages):
        if message.role == "user":
            previous = messages[position - 1] if position else None
            turns.append((read_turn(message.content), _pending(previous)))
    if not turns:
        return Understanding(None, Slots(), None, "")

    intent: str | None = None
    asked_at = 0
    for position, (turn, pending) in enumerate(turns):
        kind = _kind_of(turn, pending)
        if kind != "answer":
            intent, asked_at = intent_of(turn), position

    slots = Slots()
    for turn, pending in turns:
        _read_facts(slots, turn, pending, intent, as_of)
    question = " ".join(turn.original for turn, _ in turns[asked_at:])
    return Understanding(intent, slots, turns[-1][1], question)


def _read_facts(slots: Slots, turn: Turn, pending: str | None, intent: str | None, as_of: date) -> None:
    """Update `slots` with what one turn says (later turns overwrite earlier ones)."""
    text = turn.text
    if turn.product is not None:
        # "the first course launches…" in a specialization conversation is not a new purchase.
        keep_specialization = (
            turn.product == "course" and slots.product == "specialization" and not _SINGLE_COURSE.search(text)
        )
        if not keep_specialization:
            slots.product = turn.product
    if turn.via is not None:
        slots.purchased_via = turn.via
    if turn.amount is not None:
        slots.amount_usd = turn.amount
    elif (pending == "amount_usd" or intent == "liability_cap") and _PAID_NOTHING.search(text):
        slots.amount_usd = Decimal(0)
    if (period := period_in(text)) is not None:
        slots.refund_window_days = period
    if (trial := _flag(text, _FREE_TRIAL, _NO_FREE_TRIAL)) is not None:
        slots.free_trial = trial
    if (violated := _flag(text, _VIOLATION, _NOT_VIOLATION)) is not None:
        slots.violated_terms = violated
    if _PRE_ENROLLED.search(text):
        slots.pre_enrolled = True

    fallback = pending if pending in DATE_SLOTS else DEFAULT_DATE_SLOT.get(intent or "")
    for found, role in zip(turn.dates, turn.roles, strict=True):
        if role is None:
            # "today" in "can I get a refund today?" is not a payment date unless it answers a question.
            if found.kind == "weak" and pending not in DATE_SLOTS:
                continue
            role = fallback
        prefer: Literal["past", "future"] = "future" if role == "launch_date" else "past"
        if role == "launched":
            role = "launch_date"
        if role not in DATE_SLOTS:
            continue
        if found.problem == "not_real":
            setattr(slots, role, None)
            slots.unclear[role] = f"“{turn.original[found.start : found.end]}” isn't a real date."
            continue
        if found.problem == "vague":
            setattr(slots, role, None)
            slots.unclear[role] = f"“{turn.original[found.start : found.end]}” doesn't say which day."
            continue
        value = resolve(found, as_of, prefer)
        if value is None:
            continue
        setattr(slots, role, value)
        slots.unclear.pop(role, None)
