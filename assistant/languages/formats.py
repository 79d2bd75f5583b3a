"""Dates, counts and amounts written the way the language being spoken writes them (Babel's CLDR data)."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from assistant.languages.catalogues import current
from assistant.languages.supported import LANGUAGES


def _locale() -> str:
    return LANGUAGES[current()].locale


# The Unicode names of the digits of CLDR's native numbering systems (Babel knows a locale's system
# but not its digits).
_DIGIT_NAMES = {"deva": "DEVANAGARI DIGIT", "arab": "ARABIC-INDIC DIGIT", "beng": "BENGALI DIGIT"}
_NUMERALS = ("ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE")


@cache
def _digits(locale: str) -> dict[int, int] | None:
    """The translation of 0–9 into the locale's own digits (Devanagari, Arabic-Indic), if it uses them."""
    language = next(lang for lang in LANGUAGES.values() if lang.locale == locale)
    if not language.native_digits:
        return None
    system = Locale.parse(locale).other_numbering_systems["native"]
    own = "".join(unicodedata.lookup(f"{_DIGIT_NAMES[system]} {numeral}") for numeral in _NUMERALS)
    return str.maketrans("0123456789", own)


def _in_own_digits(text: str) -> str:
    table = _digits(_locale())
    return text.translate(table) if table else text


def long_date(day: date) -> str:
    """`2025-03-17` → "March 17, 2025", "17 de marzo de 2025", "१७ मार्च २०२५", "2025年3月17日"."""
    return _in_own_digits(format_date(day, format="long", locale=_locale()))


def _system(locale: str) -> str:
    """The numbering system whose separators go with the digits `_in_own_digits` writes."""
    return Locale.parse(locale).other_numbering_systems["native"] if _digits(locale) else "default"


def number(n: int) -> str:
    locale = _locale()
    return _in_own_digits(format_decimal(n, locale=locale, numbering_system=_system(locale)))


def dollars(amount: Decimal) -> str:
    """An amount in US dollars, cents only when there are some: "$20", "$1,234.50", "1.234,50 US$"."""
    locale = _locale()
    pattern = None
    if amount == amount.to_integral_value():
        pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    return _in_own_digits(
        format_currency(
            amount,
            "USD",
            locale=locale,
            format=pattern,
            currency_digits=pattern is None,
            numbering_system=_system(locale),
        )
    )
