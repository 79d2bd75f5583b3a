"""The languages the assistant writes, and which of them a client's tag or header asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

ENGLISH = "en"


@dataclass(frozen=True)
class Language:
    code: str  # the ISO 639-1 code replies and catalogues use
    locale: str  # the Babel locale its dates and numbers are written in
    native_digits: bool = False  # dates and counts in the script's own digits (१७ मार्च २०२५)

    @property
    def name(self) -> str:
        """Its name in English, for the agent console and logs."""
        return Locale.parse(self.locale).get_language_name("en") or self.code

    @property
    def own_name(self) -> str:
        """Its name in itself (español, हिन्दी), for the learner."""
        return Locale.parse(self.locale).get_language_name(self.locale) or self.code

    @property
    def rtl(self) -> bool:
        return Locale.parse(self.locale).character_order == "right-to-left"

    @property
    def web_locale(self) -> str:
        """The locale a browser's Intl writes its dates and counts in, the same digits as Babel's
        ("hi-u-nu-deva": a browser writes Hindi in Latin digits by default)."""
        tag = self.locale.replace("_", "-")
        if self.native_digits:
            tag += "-u-nu-" + Locale.parse(self.locale).other_numbering_systems["native"]
        return tag


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "en_US"),
        Language("es", "es"),
        Language("pt", "pt_BR"),
        Language("fr", "fr"),
        Language("de", "de"),
        Language("it", "it"),
        Language("hi", "hi", native_digits=True),
        Language("ar", "ar", native_digits=True),
        Language("id", "id"),
        Language("zh", "zh_Hans"),
        Language("ja", "ja"),
        Language("ko", "ko"),
        Language("ru", "ru"),
        Language("tr", "tr"),
    )
}
TRANSLATED = tuple(code for code in LANGUAGES if code != ENGLISH)

# A BCP 47 tag: a language subtag, then any script, region or variant subtags.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def language_of_tag(tag: str) -> str | None:
    """The primary language of a BCP 47 tag ("pt-BR" → "pt", "zh-Hans-CN" → "zh"), or None when the
    tag is malformed. The language need not be one the assistant writes."""
    tag = tag.strip()
    if not _TAG.fullmatch(tag):
        return None
    return re.split(r"[-_]", tag)[0].lower()


def supported(tag: str | None) -> str | None:
    """The language a tag asks for when the assistant writes it, else None."""
    code = language_of_tag(tag) if tag else None
    return code if code in LANGUAGES else None


def is_known(code: str) -> bool:
    """Whether `code` names a real language (Babel's CLDR data knows it)."""
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@cache
def english_name(code: str) -> str:
    """ "nl" → "Dutch": how a language the assistant doesn't write is named when saying so."""
    try:
        return Locale.parse(code).get_language_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


def from_accept_language(header: str | None) -> str | None:
    """The most preferred language of an `Accept-Language` header that the assistant writes.

    "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5" → "fr". Entries are taken by their q value, ties in the
    order given; q=0 and malformed entries are skipped.
    """
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(header.split(",")[:32]):  # a header is short; a flood is not read
        tag, _, params = entry.strip().partition(";")
        quality = 1.0
        match = re.fullmatch(r"\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*", params) if params else None
        if params and match is None:
            continue
        if match is not None:
            quality = float(match.group(1))
        code = supported(tag)
        if code is not None and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else None
