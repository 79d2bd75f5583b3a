"""The page's own capitals, restored: the scrape lower-cased the whole page.

Cleaning restores them (like the mojibake), so that quotes stay exact spans of the cleaned text:
sentence starts, list items and "I"; the names and acronyms the terms use, from the reviewed list
below; headings in title case (the `titlecase` library, with the same names). A word no list
knows stays as the scrape left it: `tests/terms/test_casing.py` fails on a word of the terms that
is usually written with a capital and is on neither list.
"""

from __future__ import annotations

import re
from functools import cache

from titlecase import titlecase

# The names the terms use, as the published page writes them. Longer names come first where one
# holds another ("Coursera Plus" before "Coursera").
NAMES = (
    "Coursera for Business", "Coursera for Campus", "Coursera for Governments", "Coursera for Refugees",
    "Coursera Plus", "Coursera Parties", "Coursera, Inc.", "Coursera", "MasterTrack", "HackerOne",
    "Apple App Store", "Google Play", "Learner Help Center",
    # A marketplace has a refund policy too: only "our" one is the Refund Policy.
    "Terms of Use", "Terms of Service", "Acceptable Use Policy", "Honor Code", "our Refund Policy",
    "Privacy Policy", "Cookies Policy", "Copyright and Trademark Infringement Policy",
    "Copyright and Trademark Policy", "Code of Conduct", "Rules of Conduct", "Content Offerings",
    "Content Offering", "Content Providers", "Content Provider", "User Content", "AAA Rules",
    "American Arbitration Association", "Consumer Arbitration Rules", "Digital Millennium Copyright Act",
    "U.S. Copyright Office", "Copyright Agent", "Complaint Assistance Unit",
    "Division of Consumer Services", "Department of Consumer Affairs", "Civil Code", "InCommons",
    "United States", "Santa Clara County", "California", "Mountain View", "Sacramento", "Minnesota",
    "E. Evelyn Ave", "N. Market Blvd.", "Suite S-202",
)  # fmt: skip
# Acronyms and abbreviations, written as the page writes them.
ACRONYMS = ("DMCA", "AAA", "U.S.", "CA", "PDF")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip

# Not a name inside an email address or a web address (security@coursera.org, dmca.pdf).
_ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w-]+\.(?:org|com|gov|pdf)\b", re.IGNORECASE)
# "i" and "i'm", but not "(i)" in a list or "i.e.".
_I = re.compile(r"(?<![\w(])i(?=(?:'(?:m|ve|d|ll))?\b)(?![\w).])")
# A word defined in brackets names the thing from then on: ("terms"), ("services").
_DEFINED = re.compile(r"(?<=\()(?:the )?[\"“](terms|services|feedback|claims)[\"”](?=\))", re.IGNORECASE)
# A month is a month before a day ("may 1"), never the verb "may".
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")(?=\s+\d)", re.IGNORECASE)
# The first letter of a paragraph, after opening quotes or brackets or a revision's "2012-12-22: ".
_FIRST_LETTER = re.compile(r"^(?:\d{4}-\d{2}-\d{2}:\s*)?[\W_]*?([a-z])")
# A sentence ends at . ? ! (closing quotes and brackets aside) before a space and a letter, unless
# the word before is an abbreviation or an initial. (Sentence splitters take the capital after
# the full stop as their cue, which a lower-cased page no longer has.)
_ABBREVIATIONS = r"(?:inc|ltd|co|corp|u\.s|e\.g|i\.e|etc|vs|no|st|ave|blvd|dr|mr|mrs|ms|jr|sr|approx|[a-z])"
_NEXT_SENTENCE = re.compile(
    r"(?<![\w.])(?!" + _ABBREVIATIONS + r"[.])(?:\S+?)[.?!][\"”’)\]]*\s+[\W_]*?([a-z])", re.IGNORECASE
)


@cache
def _named() -> re.Pattern[str]:
    spelled = sorted((*NAMES, *ACRONYMS), key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in spelled)
    return re.compile(r"(?<![\w@.])(?:" + alternatives + r")(?![\w@]|\.\w)", re.IGNORECASE)


_SPELLING = {name.lower(): name for name in (*NAMES, *ACRONYMS)}


def _names(text: str) -> str:
    """The names and acronyms in their own capitals, addresses left alone."""
    kept = [(m.start(), m.end()) for m in _ADDRESS.finditer(text)]

    def spelled(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in kept):
            return match.group(0)
        return _SPELLING[match.group(0).lower()]

    text = _named().sub(spelled, text)
    text = _DEFINED.sub(lambda m: m.group(0).replace(m.group(1), m.group(1).capitalize()), text)
    return _MONTH.sub(lambda m: m.group(1).capitalize(), text)


def sentence_case(text: str) -> str:
    """A paragraph or list item as the page writes it: each sentence begun with a capital, "I"
    upright, names and acronyms in their own capitals. The text keeps its length."""
    text = _names(_I.sub("I", text))
    letters = list(text)
    first = _FIRST_LETTER.match(text)
    starts = [first.start(1)] if first else []
    starts += [m.start(1) for m in _NEXT_SENTENCE.finditer(text)]
    for start in starts:
        letters[start] = letters[start].upper()
    return "".join(letters)


def _title_word(word: str, all_caps: bool, **_: object) -> str | None:
    """titlecase's callback: a name keeps its own capitals ("mastertrack" → "MasterTrack")."""
    return _SPELLING.get(word.lower())


def title_case(heading: str) -> str:
    """A heading in title case, as on the published page: `for coursera plus` → `For Coursera Plus`."""
    return _names(titlecase(heading, callback=_title_word))
