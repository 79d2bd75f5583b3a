"""Which language a tag or an Accept-Language header asks for, and how each is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.languages.catalogues import speaking
from assistant.languages.formats import dollars, long_date
from assistant.languages.supported import (
    LANGUAGES,
    TRANSLATED,
    english_name,
    from_accept_language,
    language_of_tag,
    supported,
)


def test_at_least_the_thirteen_languages_the_issue_names_are_written():
    assert set(TRANSLATED) >= {"es", "pt", "fr", "de", "it", "hi", "ar", "id", "zh", "ja", "ko", "ru", "tr"}


@pytest.mark.parametrize(
    ("tag", "language"),
    [("es", "es"), ("pt-BR", "pt"), ("zh-Hans-CN", "zh"), ("ZH_tw", "zh"), ("nl", "nl"), ("e", None),
     ("es-", None), ("<script>", None), ("", None)],
)  # fmt: skip
def test_a_tag_names_its_primary_language(tag, language):
    assert language_of_tag(tag) == language


def test_only_the_languages_written_are_supported():
    assert supported("pt-BR") == "pt"
    assert supported("nl") is None
    assert supported(None) is None


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5", "fr"),
        ("nl, de;q=0.7", "de"),  # Dutch isn't written: the next one is
        ("en;q=0.5, es;q=0.9", "es"),
        ("es;q=0, hi", "hi"),
        ("es;q=banana", None),
        ("nl", None),
        ("", None),
        (None, None),
        (",".join(["nl"] * 1000) + ",es", None),  # a flood is read only so far
    ],
)
def test_accept_language_gives_the_most_preferred_language_written(header, language):
    assert from_accept_language(header) == language


def test_an_unsupported_language_is_named_in_english():
    assert english_name("nl") == "Dutch"
    assert english_name("qqq") == "qqq"


def test_arabic_is_written_right_to_left_and_the_others_left_to_right():
    assert [code for code, language in LANGUAGES.items() if language.rtl] == ["ar"]


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("en", "March 17, 2025"),
        ("es", "17 de marzo de 2025"),
        ("de", "17. März 2025"),
        ("hi", "१७ मार्च २०२५"),
        ("ar", "١٧ مارس ٢٠٢٥"),
        ("ja", "2025年3月17日"),
    ],
)
def test_dates_are_written_per_locale_in_its_own_digits(code, written):
    with speaking(code):
        assert long_date(date(2025, 3, 17)) == written


def test_dollars_are_written_per_locale_without_empty_cents():
    assert dollars(Decimal(20)) == "$20"
    assert dollars(Decimal("1234.5")) == "$1,234.50"
    with speaking("de"):
        assert dollars(Decimal("1234.5")) == "1.234,50\xa0$"
    with speaking("hi"):
        assert "२०" in dollars(Decimal(20))


def test_the_browser_writes_dates_in_the_same_digits():
    assert LANGUAGES["hi"].web_locale == "hi-u-nu-deva"
    assert LANGUAGES["ar"].web_locale == "ar-u-nu-arab"
    assert LANGUAGES["pt"].web_locale == "pt-BR"
