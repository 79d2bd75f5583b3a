"""Gloss a message in another language into the English the slot reader knows.

The rules read facts with English patterns (`assistant.conversation.slots`). Rather than a second
reader per language, a message is glossed first: `dateparser` finds its dates in its own language
and writes them as ISO dates, then the language's lexicon (`assistant/languages/lexicons/<code>.json`,
ordered pairs of a pattern and its English) turns the words that carry facts ("reembolso", "पैसे
वापस", "suscripción mensual", "hace tres semanas") into the English ones. Only facts are read from
the gloss: retrieval searches the words the learner wrote.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

import regex
from dateparser.search import search_dates

from assistant.conversation.dates import MONTH_NAMES
from assistant.languages.catalogues import gettext, speaking
from assistant.rules import RULES

LEXICONS = Path(__file__).resolve().parents[1] / "languages" / "lexicons"


Glosses = tuple[tuple[re.Pattern[str], str], ...]

# Latin words run into Chinese, Japanese or Korean ("了Coursera Plus") get spaces, so that English
# patterns find their word boundaries.
_UNSPACED = regex.compile(
    r"(?<=[A-Za-z0-9])(?=[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}])|"
    r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}])(?=[A-Za-z0-9$])"
)
_FIGURES_ONLY = re.compile(r"\d{1,4}(?:\s*[/.-]\s*\d{1,4}){1,2}\.?")
# "3月3日", "3월 3일": dateparser misreads these (a "3月3日" after 在 became June 15th).
_EAST_ASIAN_DATE = re.compile(r"(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]")


@cache
def lexicon(language: str) -> tuple[Glosses, Glosses]:
    """The language's glosses, in the order they apply: those that help dateparser read a date
    ("3 Mart'ta" → "3 Mart"), then those that gloss words. None for a language without a lexicon."""
    path = LEXICONS / f"{language}.json"
    if not path.exists():
        return (), ()
    data = json.loads(path.read_text(encoding="utf-8"))
    return _compiled(data.get("before_dates", [])), _compiled(data["glosses"])


def _compiled(pairs: list[list[str]]) -> Glosses:
    return tuple((re.compile(pattern, re.IGNORECASE), english) for pattern, english in pairs)


def _figures_only(said: str) -> bool:
    """Whether a date found is written in figures alone, once a short word by it ("em", "le") is dropped."""
    words = [word for word in said.split() if any(c.isdigit() for c in word) or len(word) > 4]
    return bool(_FIGURES_ONLY.fullmatch(" ".join(words)))


def _iso_dates(text: str, language: str, as_of: date) -> str:
    """`text` with the dates dateparser finds in it written as ISO dates."""
    if not any(character.isdigit() for character in text):
        return text  # only dates with a figure are taken (below): no need to search (18 ms in Hindi)
    settings = {
        "RELATIVE_BASE": datetime.combine(as_of, datetime.min.time()),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day"],
    }
    try:
        found = search_dates(text, languages=[language], settings=settings) or []
    except Exception:  # dateparser has no data for the language, or trips on odd input
        return text
    for said, when in found:
        # A date needs a figure in it: alone, a word ("de", "el", "ayer") is too often taken for one,
        # and the lexicon glosses the words that do mean a day.
        # Figures alone ("03/04/2025") are left to the English reader, which asks when they could
        # be read either way, as it does in English.
        if any(character.isdigit() for character in said) and not _figures_only(said):
            text = text.replace(said, f" {when.date().isoformat()} ", 1)
    return text


def _month_day(match: re.Match[str]) -> str:
    month = int(match[1])
    return f" {MONTH_NAMES[month - 1]} {match[2]} " if 1 <= month <= 12 else match[0]


@cache
def quick_replies(language: str) -> dict[str, str]:
    """Every quick reply the rules offer, as the learner sees it in `language` (casefolded) → the
    English one the slot reader knows: a chosen option comes back as its translation."""
    with speaking(language):
        return {
            gettext(option).casefold(): option
            for rule in RULES.values()
            for ask in rule.asks
            for option in ask.options
        }


# The same turn is glossed for each question a reply asks of it (the hand-off check, the rules).
@lru_cache(maxsize=4096)
def gloss(message: str, language: str, as_of: date) -> str:
    """The message as English words for its facts; unchanged in English or without a lexicon."""
    if language == "en":
        return message
    chosen = quick_replies(language).get(message.strip().casefold())
    if chosen is not None:
        return chosen
    before_dates, glosses = lexicon(language)
    text = unicodedata.normalize("NFKC", message)
    text = _EAST_ASIAN_DATE.sub(_month_day, _UNSPACED.sub(" ", text))
    for pattern, english in before_dates:
        text = pattern.sub(english, text)
    text = _iso_dates(text, language, as_of)
    for pattern, english in glosses:
        text = pattern.sub(f" {english} ", text)
    return re.sub(r"[ \t]+", " ", text).strip()
