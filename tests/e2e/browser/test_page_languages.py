"""The learner's language in a real browser: the page's own words, the reply's, and the quote that
stays the English text of the terms; Arabic right to left."""

from __future__ import annotations

import pytest
from browsing import REPLY_TIMEOUT_MS, ask, ready, shoot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_spanish_page_asks_and_answers_in_spanish_quoting_the_english_terms(page):
    page.goto("/?lang=es")
    ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(".composer__send-label")).to_have_text("Enviar")
    reply = ask(page, "Compré Coursera Plus el 3 de marzo, ¿puedo pedir un reembolso?")
    expect(reply).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)
    text = reply.locator(".answer").inner_text()
    assert "Coursera Plus" in text and "According to" not in text
    quote = reply.locator(".answer .quoted").first
    expect(quote).to_have_attribute("lang", "en")
    expect(quote).to_contain_text("refund")
    shoot(page, "learner-es")


def test_a_browser_that_prefers_hindi_gets_the_page_in_hindi(context_factory):
    page = context_factory(locale="hi-IN").new_page()
    page.goto("/")
    ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.locator("html")).to_have_attribute("data-locale", "hi-u-nu-deva")


def test_an_arabic_page_runs_right_to_left_and_its_quote_left_to_right(page):
    page.goto("/?lang=ar")
    ready(page)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    reply = ask(page, "هل يمكنني استرداد أموالي بعد الاشتراك في كورسيرا بلس؟")
    expect(reply).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)
    expect(reply.locator(".answer .quoted").first).to_have_attribute("dir", "ltr")
    # The terms page around the clauses speaks Arabic too; the clauses stay English.
    page.goto("/terms?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator('[id="refund-policy/for-coursera-plus"]')).to_have_attribute("lang", "en")
