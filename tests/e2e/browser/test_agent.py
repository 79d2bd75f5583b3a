"""The agent console: the answer, its quotes, the retrieval with scores, and a reply to copy."""

from __future__ import annotations

import re

import pytest
from browsing import AGENT_TOKEN, REPLY_TIMEOUT_MS, shoot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

QUESTION = "Can I let my sister use my account?"


@pytest.fixture
def console(context_factory, problems):
    context = context_factory(
        viewport={"width": 1360, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    problems.watch(page)
    page.goto(f"/agent?token={AGENT_TOKEN}")  # the token becomes a cookie and leaves the URL
    expect(page).to_have_url(re.compile(r"/agent$"))
    expect(page.locator("[data-console][data-ready=true]")).to_be_attached()
    yield page
    assert not problems, problems


def ask(page, question: str, as_of: str | None = None):
    if as_of:
        page.locator("[data-as-of]").fill(as_of)
    box = page.locator("#agent-question")
    box.fill(question)
    box.press("Enter")
    result = page.locator(".inspect")
    expect(result).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)
    return result


def test_the_console_shows_the_working_and_copies_a_reply_for_the_ticket(console, server):
    page = console
    result = ask(page, QUESTION)
    expect(result.locator("[data-question]")).to_have_text(QUESTION)
    expect(result.locator("[data-section=answer] .answer a.cite").first).to_have_text("1")

    quotes = result.locator("[data-section=citations] .quote")
    expect(quotes.first).to_be_visible()
    quote = quotes.first.locator(".quote__text").inner_text()
    clause = quotes.first.get_attribute("data-clause")
    full_url = quotes.first.locator(".quote__link").inner_text()
    assert re.fullmatch(rf"{re.escape(server)}/terms\?quote=\d+-\d+#{re.escape(clause or '')}", full_url)

    rows = result.locator("[data-section=retrieved] tbody tr")
    expect(rows).to_have_count(5)
    scores = [float(text) for text in rows.locator(".score").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    expect(rows.first).to_have_attribute("data-clause", clause)

    page.locator("[data-copy]").click()
    expect(page.locator(".copy-status")).to_have_text("Copied to the clipboard")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(result.locator("[data-section=answer] .answer").inner_text().split("\n")[0][:40])
    assert f"“{quote}”" in copied
    assert full_url in copied
    assert copied == result.locator("[data-ticket]").inner_text()

    rows.first.locator("summary").click()
    expect(rows.first.locator(".retrieved__text")).to_be_visible()


def test_a_rule_answer_shows_its_inputs_steps_and_outcome(console, server):
    page = console
    result = ask(page, "I paid for Coursera Plus on March 1, can I still get a refund?", as_of="2025-03-10")
    expect(result.locator(".badge--rule")).to_have_text("Rule: refund_eligibility")
    verdict = result.locator("[data-section=answer] .verdict")
    expect(verdict.locator(".verdict__status")).to_have_text(re.compile("Eligible for a refund"))
    expect(verdict.locator("[data-fact=deadline] time")).to_have_attribute("datetime", "2025-03-15")
    expect(verdict.locator("[data-fact=days_left] dd")).to_have_text("5 days left")

    rule = result.locator("[data-section=rule]")
    expect(rule.locator("[data-part=inputs] [data-key=product] dd")).to_have_text("coursera_plus")
    expect(rule.locator("[data-part=inputs] [data-key=payment_date] dd")).to_contain_text("2025-03-01")
    expect(rule.locator("[data-part=outcome] [data-key=eligible] dd")).to_have_text("yes")
    expect(rule.locator("[data-part=outcome] [data-key=deadline] dd")).to_contain_text("2025-03-15")
    steps = rule.locator("[data-part=steps] li")
    expect(steps.first).to_be_visible()
    assert any("2025-03-15" in step for step in steps.all_inner_texts())

    page.locator("[data-copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert f"{server}/terms?quote=0-148#refund-policy/for-coursera-plus" in copied
    shoot(page, "agent")


def test_the_console_says_in_a_line_how_a_turn_was_read(console):
    page = console
    first = ask(page, "can coursera change the terms whenever they feel like it?")
    expect(first.locator("[data-understood]")).to_have_text("Read on its own · English")
    follow_up = ask(page, "do they have to tell me first?")
    line = follow_up.locator("[data-understood]")
    expect(line).to_contain_text("Read with the earlier turn")
    expect(line).to_contain_text("can coursera change the terms whenever they feel like it?")
    two = ask(page, "New subject: can my sister use my account, and are degree programs refundable?")
    expect(two.locator("[data-understood]")).to_contain_text("2 questions found")
    expect(two.locator("[data-section=citations] .quote")).to_have_count(2)
    # The console stays English, and says which language the learner wrote in.
    spanish = ask(page, "Otra pregunta: ¿puedo pedir un reembolso de Coursera Plus?")
    expect(spanish.locator("[data-understood]")).to_contain_text("Spanish")
    expect(spanish.locator("[data-understood] [data-language]")).to_have_attribute("data-language", "es")


def test_an_error_keeps_the_question_and_shows_the_detail(console, problems):
    problems.expected_statuses = (422,)
    page = console
    page.locator("[data-as-of]").fill("")
    page.route(
        "**/api/chat/stream",
        lambda route: route.fulfill(status=422, json={"detail": "as_of: must be a date written YYYY-MM-DD"}),
    )
    box = page.locator("#agent-question")
    box.fill("What is the refund window?")
    box.press("Enter")
    expect(page.locator("[data-error]")).to_have_text("as_of: must be a date written YYYY-MM-DD")
    expect(box).to_have_value("What is the refund window?")
    expect(page.locator(".turn")).to_have_count(0)
