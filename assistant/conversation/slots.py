"""Read a conversation: which rule it asks for (the intent) and the facts it gives (the slots).

Facts are read from every user turn, the latest value winning, with lexicons for products,
marketplaces and amounts, and `assistant.conversation.dates` for dates relative to `as_of`. Which date is
which comes from the keywords around it (see `assistant.conversation.dates`), or else from the question the
assistant just asked. Nothing here decides anything: the rules do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

from assistant.conversation import reading
from assistant.conversation.dates import NUMBER_WORDS, FoundDate, date_roles, either_way, find_dates, resolve
from assistant.conversation.glossing import gloss
from assistant.languages.catalogues import gettext as _
from assistant.models import Message
from assistant.rules import RULES, Ask
from assistant.rules.rule import long_date

# The follow-up question for each slot, as the rules ask them. They are told apart in the
# assistant's previous turn (the client sends the conversation back), so a bare "Coursera Plus"
# or "on June 1st" answers the right one.
QUESTIONS: dict[str, Ask] = {ask.slot: ask for rule in RULES.values() for ask in rule.asks}

DateSlot = Literal["payment_date", "launch_date", "certificate_date", "birth_date", "accrual_date"]
DATE_SLOTS: tuple[DateSlot, ...] = get_args(DateSlot)

# Where an unlabelled date goes when the assistant asked for nothing in particular: the rule's
# first date.
DEFAULT_DATE_SLOT: dict[str, str] = {
    rule.name: next(slot for slot in rule.slots.values() if slot in DATE_SLOTS)
    for rule in RULES.values()
    if any(slot in DATE_SLOTS for slot in rule.slots.values())
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
    age: int | None = None
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
    # The user turns of the current question, oldest first: what retrieval searches for.
    turns: tuple[str, ...]

    @property
    def question(self) -> str:
        return " ".join(self.turns)


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
# "(one time payment, not monthly)": a product said not to be the one bought.
_NOT_THIS = re.compile(
    r"\b(?:not|no|isn'?t|wasn'?t|never)\s+(?:a\s+|an\s+|the\s+|my\s+)?(?:monthly|month[\s-]to[\s-]month|"
    r"subscription|plus|coursera plus|course|specialization|guided project|degree)\b"
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
    r"\b(?:nothing|zero|none|haven'?t paid|didn'?t pay|never paid|not paid|no fees?|"
    r"only (?:(?:ever )?(?:used|done|taken|took|do|did|use|take|had|have)\s+)?(?:the )?free|"
    r"free (?:courses|stuff) only)\b"
)
# "I'm 12", "my son is twelve", "she's 14 years old", "she just turned 13".
_AGE_COUNT = (
    r"(?P<age>\d{1,2}|" + "|".join(w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an")) + r")"
)
_AGE_IS = re.compile(
    r"\b(?:i'?m|i am|i'?ve just turned|i just turned|he'?s|she'?s|he is|she is|they'?re|they are|is|was|"
    r"(?:just )?turned|turns|aged?)\s+(?:only\s+|just\s+|almost\s+|nearly\s+)?"
    + _AGE_COUNT
    + r"(?:\s*(?:years?|yrs?)(?:\s*old)?|\s*y/?o)?"
    # ...and not a number of something else ("is 12 days", "was 20 dollars", "is 12.5").
    + r"(?![\w/:$%-]|\.\d|\s*(?:days?|weeks?|months?|minutes?|hours?|percent|dollars?|usd|courses?)\b)"
)
# ...said of someone who wants to use Coursera, or of whether they may.
_JOINING = r"(?:use|join|sign up|register|enrol+|have|make|create|open|take)"
_ABOUT_USING = re.compile(
    r"\b(?:old enough|too young|minimum age|age limit|allowed on|use coursera|on coursera|on here|"
    r"(?:allowed|able|permitted|ok|okay) (?:for \w+ )?to " + _JOINING + r"|"
    r"(?:can|could|may) (?:i|he|she|they|my \w+) " + _JOINING + r"|"
    r"(?:make|create|open|have|get) (?:an? |her |his |their |my )?(?:own )?(?:coursera )?account|"
    r"sign(?:ing)?[\s-]?up)\b"
)

_PERIOD_COUNT = r"(?P<n>\d{1,2}|" + "|".join(w for w in NUMBER_WORDS if " " not in w) + r")"
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
    found = product_mention(text)
    return found[0] if found else None


def product_mention(text: str) -> tuple[str, int, int] | None:
    """The product a (lower-cased) text names and where its name stands in the text."""
    masked = text
    for pattern in (_NOT_A_COURSE, _NOT_THIS):
        masked = pattern.sub(lambda match: " " * len(match.group(0)), masked)
    for product, pattern in _PRODUCTS:
        match = pattern.search(masked)
        if match:
            return product, match.start(), match.end()
    return None


def age_in(text: str) -> int | None:
    """An age given as a number of years ("I'm 12", "my son is twelve")."""
    match = _AGE_IS.search(text)
    if match is None:
        return None
    said = match.group("age")
    years = int(said) if said.isdigit() else NUMBER_WORDS[said]
    return years if 1 <= years <= 120 else None


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
            count = int(n) if n.isdigit() else NUMBER_WORDS[n]
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
    r"\bcash back\b|\bget (?:my|the|our|that|this) (?:payment|charge|fee)s? back\b"
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
    r"\b(?:expir\w*|run(?:s|ning)? out|end(?:s|ing)?|last(?:s)?|valid|active)\b|"
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
# The asker's own timing: "is it too late", "am I still in time", "do I still have time".
_TOO_LATE = re.compile(
    r"\b(?:is it|am i|are we) (?:still )?(?:too late|in time)\b|\bstill in time\b|"
    r"\b(?:do|did) (?:i|we) (?:still )?have (?:time|enough time)\b"
)
_LIABILITY = re.compile(r"\bliab\w*|\bcap(?:ped)?\b|\bmaximum\b|\bmax\b|\bthe most\b|\bhow much\b|\blimit\b")
# Asking for an amount: with "I", "my"…, it is the asker's own cap ("the most they'd owe me").
_HOW_MUCH = re.compile(r"\bhow much\b|\bthe most\b|\bmaximum\b|\bup to\b")
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
    age: int | None


def read_turn(content: str) -> Turn:
    text = content.lower().replace("’", "'")
    if len(text) != len(content):  # a few characters (İ) grow when lower-cased
        content = text
    dates = find_dates(text)
    return Turn(
        content,
        text,
        dates,
        date_roles(text, dates),
        product_in(text),
        via_in(text),
        amount_in(text),
        age_in(text),
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
    # A claim's timing asked with any date, even one too vague to count from ("sometime in January"),
    # is the asker's own: the follow-up asks for the day.
    if _LEGAL.search(text) and _TIMING.search(text) and (turn.dates or _TOO_LATE.search(text)):
        return "claim_deadline"
    if (
        _LIABILITY.search(text)
        and _COMPENSATION.search(text)
        and (turn.amount is not None or (_HOW_MUCH.search(text) and _PERSONAL.search(text)))
    ):
        return "liability_cap"
    born = _BORN.search(text) and (exact_date or _PERSONAL.search(text))
    if (_AGE.search(text) and born) or (turn.age is not None and _ABOUT_USING.search(text)):
        return "minimum_age"
    return None


def _kind_of(turn: Turn, intent: str | None, pending: str | None) -> Literal["rule", "lookup", "answer"]:
    """A turn asks for a rule (its `intent`), asks something else (a lookup), or answers/refines
    what came before."""
    if intent is not None:
        return "rule"
    text = turn.text
    has_facts = bool(
        turn.dates or turn.product or turn.via or turn.amount is not None or turn.age is not None
    )
    short = len(text.split()) <= 8
    if reading.starts_anew(text) and not has_facts:
        return "lookup"  # "ok thanks. different question: …" leaves the rule question behind
    if _REFINEMENT.search(text) or (has_facts and short) or (pending and has_facts):
        return "answer"
    return "lookup" if _QUESTION.search(text) else "answer"


def _pending(message: Message | None) -> str | None:
    if message is None or message.role != "assistant":
        return None
    # The question as it was asked: in the language of the conversation.
    return next((slot for slot, ask in QUESTIONS.items() if _(ask.question) in message.content), None)


def understand(messages: Sequence[Message], as_of: date, language: str = "en") -> Understanding:
    """The intent of the conversation's current question, and every fact given so far. A
    conversation in another language is read through its gloss (`assistant.conversation.glossing`)."""
    turns: list[tuple[Turn, str | None]] = []
    originals: list[str] = []
    for position, message in enumerate(messages):
        if message.role == "user":
            previous = messages[position - 1] if position else None
            turns.append((read_turn(gloss(message.content, language, as_of)), _pending(previous)))
            originals.append(message.content)
    if not turns:
        return Understanding(None, Slots(), None, ())

    intent: str | None = None
    asked_at = 0
    for position, (turn, pending) in enumerate(turns):
        asks = intent_of(turn)
        if _kind_of(turn, asks, pending) != "answer":
            intent, asked_at = asks, position

    slots = Slots()
    for turn, pending in turns:
        _read_facts(slots, turn, pending, intent, as_of)
    # Retrieval searches what the learner wrote, not the gloss.
    return Understanding(intent, slots, turns[-1][1], tuple(originals[asked_at:]))


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
    if turn.age is not None:
        slots.age = turn.age
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
        if intent == "claim_deadline" and role in (
            "payment_date",
            "certificate_date",
            "launch_date",
            "other",
        ):
            # Every event told with a claim is what the claim is about ("lost my certificate on June 3").
            role = "accrual_date"
        if role not in DATE_SLOTS:
            continue
        said = turn.original[found.start : found.end]
        if found.problem == "not_real":
            setattr(slots, role, None)
            slots.unclear[role] = _("“{said}” isn't a real date.").format(said=said)
            continue
        if found.problem == "vague":
            setattr(slots, role, None)
            slots.unclear[role] = _("“{said}” doesn't say which day.").format(said=said)
            continue
        if found.problem == "ambiguous":
            setattr(slots, role, None)
            one, other = either_way(found)
            slots.unclear[role] = _("“{said}” could be {one} or {other}.").format(
                said=said, one=long_date(one), other=long_date(other)
            )
            continue
        value = resolve(found, as_of, prefer)
        if value is None:
            if found.kind == "month_day":  # "the 31st of last month", when last month had 30 days
                setattr(slots, role, None)
                slots.unclear[role] = _("“{said}” isn't a real date.").format(said=said)
            continue
        setattr(slots, role, value)
        slots.unclear.pop(role, None)
