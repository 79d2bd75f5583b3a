"""A refund conversation: a follow-up answered through a quick-reply button, ending with the deadline."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from browsing import REPLY_TIMEOUT_MS, ask
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_quick_reply_leads_to_the_refund_deadline(page):
    page.goto("/")
    first = ask(page, "Can I still get a refund?")
    options = first.locator(".quick-reply")
    expect(options.first).to_be_visible()
    plus = first.locator(".quick-reply", has_text="Coursera Plus")
    expect(plus).to_have_count(1)

    plus.focus()
    page.keyboard.press("Enter")  # a quick reply works from the keyboard too
    expect(page.locator(".msg--user .msg__bubble").nth(1)).to_have_text("Coursera Plus")
    expect(plus).to_be_disabled()
    expect(plus).to_have_class(re.compile(r"\bis-chosen\b"))
    second = page.locator(".msg--assistant").nth(1)
    expect(second).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)

    # Asked when the payment was, the learner types it.
    expect(page.locator("#question")).to_be_focused()
    reply = ask(page, "10 days ago")
    verdict = reply.locator(".verdict")
    expect(verdict).to_have_attribute("data-tone", "yes")
    expect(verdict.locator(".verdict__status")).to_have_text(re.compile("Eligible for a refund"))
    deadline = date.today() - timedelta(days=10) + timedelta(days=14)
    expect(verdict.locator("[data-fact=deadline] time")).to_have_attribute("datetime", deadline.isoformat())
    expect(verdict.locator("[data-fact=days_left] dd")).to_have_text("4 days left")
    expect(reply.locator(".sources .source").first).to_have_attribute(
        "href", "/terms?quote=0-148#refund-policy/for-coursera-plus"
    )
