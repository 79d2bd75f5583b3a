"""Thumbs on every answer, a person offered after a decline, and the ticket in the agent console."""

from __future__ import annotations

import re

import httpx
import pytest
from browsing import AGENT_TOKEN, REPLY_TIMEOUT_MS, ask, ready, shoot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DECLINED = "do you offer a student discount"
ANSWERED = "Can I share my quiz answers with a friend?"


def test_thumbs_rate_an_answer_and_can_change_their_mind(page):
    page.goto("/")
    reply = ask(page, ANSWERED)
    thumbs = reply.locator(".feedback")
    expect(thumbs).to_have_attribute("aria-label", "Was this answer helpful?")
    up, down = (
        thumbs.get_by_role("button", name="Helpful", exact=True),
        thumbs.get_by_role("button", name="Not helpful"),
    )
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(reply.locator(".handoff")).to_have_count(0)  # an answer with a clause offers no person

    down.click()
    expect(thumbs.locator(".feedback__status")).to_have_text("Thanks: this helps us improve the answers.")
    expect(down).to_have_attribute("aria-pressed", "true")
    up.focus()
    page.keyboard.press("Enter")
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    expect(thumbs.locator(".feedback__status")).to_have_text("Thanks for the feedback.")


def test_a_decline_offers_a_person_who_gets_the_conversation(page, server):
    page.goto("/")
    reply = ask(page, DECLINED)
    expect(reply.locator(".badge--declined")).to_be_visible()
    offer = reply.locator("[data-handoff]")
    expect(offer).to_be_visible()
    email = offer.get_by_label(re.compile("Your email"))
    email.fill("not an email")
    offer.get_by_role("button", name="Talk to a person").click()
    expect(offer.locator(".handoff__status")).to_contain_text("doesn’t look right")

    email.fill("learner@example.com")
    offer.get_by_role("button", name="Talk to a person").click()
    expect(offer).to_have_attribute("data-state", "sent")
    ticket = offer.get_attribute("data-ticket")
    expect(offer.locator(".handoff__done")).to_have_text(
        "Thanks: a person on the support team will read this conversation and follow up by email "
        f"at learner@example.com. Your ticket number is {ticket}."
    )
    shoot(page, "handoff")

    tickets = httpx.get(f"{server}/api/tickets", headers={"Authorization": f"Bearer {AGENT_TOKEN}"}).json()
    (opened,) = [t for t in tickets if str(t["id"]) == ticket]
    assert opened["transcript"][0] == {"role": "user", "content": DECLINED}
    assert opened["transcript"][1]["role"] == "assistant"


def test_asking_for_a_person_in_the_chat_gets_the_offer(page):
    page.goto("/")
    reply = ask(page, "Can I talk to a human please?")
    expect(reply.locator("[data-handoff]")).to_be_visible()
    expect(reply.locator(".feedback")).to_have_count(0)
    expect(reply.locator(".sources")).to_have_count(0)


def test_the_widget_has_the_thumbs_too(page, server, host_site):
    html = (
        '<!doctype html><title>Help</title><link rel="icon" href="data:,">'
        f'<script src="{server}/widget.js" defer></script>'
    )
    page.goto(host_site.page("thumbs.html", html))
    page.locator("terms-assistant-widget button.launcher").click()
    frame = page.frame_locator("terms-assistant-widget iframe")
    ready(frame)
    reply = ask(frame, DECLINED)
    expect(reply.locator(".feedback button")).to_have_count(2)
    expect(reply.locator("[data-handoff]")).to_be_visible()


def test_the_console_lists_a_ticket_with_a_suggested_reply_and_closes_it(context_factory, problems, server):
    conversation = [
        {"role": "user", "content": "how do I get my money back for coursera plus?"},
        {"role": "assistant", "content": "According to Refund Policy › For Coursera Plus [1]: …"},
        {"role": "user", "content": "I want to speak to an agent"},
    ]
    handed = httpx.post(f"{server}/api/handoff", json={"messages": conversation, "email": "pat@example.com"})
    ticket = str(handed.json()["ticket"])

    context = context_factory(
        viewport={"width": 1360, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    problems.watch(page)
    page.goto(f"/agent?token={AGENT_TOKEN}")
    expect(page.locator("[data-console][data-ready=true]")).to_be_attached()
    item = page.locator(f'[data-ticket-list] [data-ticket="{ticket}"]')
    expect(item).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(item.locator(".ticket-item__question")).to_have_text(conversation[0]["content"])
    item.get_by_role("button", name=f"Ticket #{ticket}").click()

    view = page.locator(f'[data-ticket-view="{ticket}"]')
    expect(view.locator(".ticket-view__email code")).to_have_text("pat@example.com")
    expect(view.locator(".ticket-turn")).to_have_count(3)
    suggested = view.locator("[data-section=suggested]")
    expect(suggested.locator(".answer a.cite").first).to_have_text("1")
    text = suggested.locator("[data-suggested-text]")
    expect(text).to_contain_text(f"{server}/terms?quote=0-148#refund-policy/for-coursera-plus")
    expect(text).to_contain_text("within 14 days of your payment")
    suggested.locator("[data-copy-suggested]").click()
    assert page.evaluate("navigator.clipboard.readText()") == text.inner_text()
    shoot(page, "agent-ticket")

    view.get_by_role("button", name="Close ticket").click()
    expect(view.locator(".inspect__badges .copy-status")).to_have_text("Closed")
    expect(item).to_have_count(0)
    open_now = httpx.get(f"{server}/api/tickets", headers={"Authorization": f"Bearer {AGENT_TOKEN}"}).json()
    assert ticket not in [str(t["id"]) for t in open_now]


def test_a_suggested_rule_answer_says_the_day_it_was_worked_out_for(context_factory, problems, server):
    conversation = [
        {"role": "user", "content": "I paid for Coursera Plus 3 days ago, can I get a refund?"},
        {"role": "assistant", "content": "Yes: …"},
        {"role": "user", "content": "I want to speak to an agent"},
    ]
    ticket = httpx.post(f"{server}/api/handoff", json={"messages": conversation}).json()["ticket"]
    opened = next(
        t["created"][:10]
        for t in httpx.get(f"{server}/api/tickets", headers={"Authorization": f"Bearer {AGENT_TOKEN}"}).json()
        if t["id"] == ticket
    )
    page = context_factory(viewport={"width": 1360, "height": 900}).new_page()
    problems.watch(page)
    page.goto(f"/agent?token={AGENT_TOKEN}")
    page.locator(f'[data-ticket-list] [data-ticket="{ticket}"] button').click(timeout=REPLY_TIMEOUT_MS)
    hint = page.locator(f'[data-ticket-view="{ticket}"] [data-suggested-as-of]')
    expect(hint).to_have_text(
        f"Worked out as of {opened}, the day the learner asked: days left are counted to then."
    )


def test_the_console_without_the_token_says_how_to_get_in(page, problems):
    problems.expected_statuses = (401,)
    page.goto("/agent")
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is for support agents")
