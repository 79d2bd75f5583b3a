"""Every sentence the assistant writes, in the language it is speaking: gettext catalogues (`.po`
files, read with Babel) and the language of the reply being written.

The language is a context variable: the chat sets it around a reply (`speaking("es")`), and every
`gettext` call inside — in the rules, the conversation, the page templates — writes Spanish, with no
language passed down through every function. Outside any `speaking`, it is English, which is what
the rules API and the logs get. English needs no catalogue: the messages are written in English.

Messages whose text is known before the language is (module constants) are marked with `N_` so that
extraction finds them, and translated with `gettext` where they are used.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from assistant.languages.supported import ENGLISH, LANGUAGES

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"

_speaking: ContextVar[str] = ContextVar("speaking", default=ENGLISH)


def po_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=code)


@cache
def translations(code: str) -> NullTranslations:
    """The compiled catalogue of a language (built in memory from its `.po` file, fuzzy entries
    left out), or no translation at all for English."""
    if code == ENGLISH or code not in LANGUAGES:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(po_path(code), code), use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@cache
def strings_used_in(code: str, source: str) -> dict[str, str]:
    """The translations of every message used in files under `source` (a path as the catalogue's
    locations write it, such as "web/static/js/"): what a page's script writes, for the page."""
    if code == ENGLISH or code not in LANGUAGES:
        return {}
    found = translations(code)
    return {
        message.id: found.gettext(message.id)
        for message in read_catalogue(TEMPLATE)
        if isinstance(message.id, str)
        and message.id
        and any(where.startswith(source) for where, _line in message.locations)
    }


def current() -> str:
    """The language being spoken."""
    return _speaking.get()


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Write in `code` inside the block (a language the assistant doesn't write falls back to English)."""
    token = _speaking.set(code if code in LANGUAGES else ENGLISH)
    try:
        yield
    finally:
        _speaking.reset(token)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; `gettext` translates it where used."""
    return message


_ = gettext
