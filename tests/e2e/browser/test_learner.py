"""The learner chat page and the terms viewer, driven the way a learner would."""

from __future__ import annotations

import re

import pytest
from browsing import AGENT_TOKEN, REPLY_TIMEOUT_MS, ask, no_horizontal_scroll, ready, shoot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOOKUP = "Can I share my quiz answers with a friend?"


def test_a_lookup_question_gets_a_cited_answer_whose_citation_opens_the_clause_at_its_quote(page):
    page.goto("/")
    ready(page)
    expect(page.locator("#question")).to_be_focused()
    page.keyboard.type(LOOKUP)
    page.keyboard.press("Enter")
    reply = page.locator(".msg--assistant").first
    expect(reply).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)

    expect(page.locator(".msg--user .msg__bubble")).to_have_text(LOOKUP)
    cite = reply.locator(".answer a.cite").first
    expect(cite).to_have_text("1")
    clause = cite.get_attribute("data-clause")
    href = cite.get_attribute("href") or ""
    assert clause and re.fullmatch(rf"/terms\?quote=\d+-\d+#{re.escape(clause)}", href), href
    expect(reply.locator(".sources .source").first).to_have_attribute("href", href)
    expect(page.locator("#question")).to_have_value("")
    shoot(page, "learner")

    with page.context.expect_page() as opened:
        cite.click()
    terms = opened.value
    terms.wait_for_load_state()
    assert terms.url.endswith(href)
    target = terms.locator(f'[id="{clause}"]')
    expect(target).to_have_class(re.compile(r"\bis-target\b"))
    expect(target).to_be_focused()
    expect(terms.locator(".is-target")).to_have_count(1)
    # The quoted words themselves are marked, in the clause, and scrolled into view.
    marks = target.locator("mark[data-quoted]")
    expect(marks.first).to_be_in_viewport()
    quoted = " ".join(marks.all_inner_texts())
    start, end = map(int, href.split("quote=")[1].split("#")[0].split("-"))
    assert len(quoted) >= (end - start) - 2 * marks.count() and quoted in reply.inner_text()


def test_the_terms_viewer_highlights_ids_with_slashes_and_hashes_and_follows_hash_changes(page):
    page.goto("/terms#terms-of-use/limitation-of-liability#2")
    first = page.locator('[id="terms-of-use/limitation-of-liability#2"]')
    expect(first).to_have_class(re.compile(r"\bis-target\b"))
    expect(first).to_be_in_viewport()

    page.evaluate("location.hash = '#' + encodeURIComponent('refund-policy/for-coursera-plus')")
    second = page.locator('[id="refund-policy/for-coursera-plus"]')
    expect(second).to_have_class(re.compile(r"\bis-target\b"))
    expect(second).to_be_in_viewport()
    expect(first).not_to_have_class(re.compile(r"\bis-target\b"))

    page.evaluate("location.hash = '#no-such-clause'")
    expect(page.locator("[data-target-notice]")).to_contain_text("No clause has the id “no-such-clause”")
    expect(page.locator(".is-target")).to_have_count(0)

    contents = page.locator(".toc a", has_text="Refund Policy").first
    contents.click()
    expect(page.locator('[id="refund-policy"]')).to_have_class(re.compile(r"\bis-target\b"))


def test_it_works_with_the_keyboard_alone(page):
    page.goto("/")
    ready(page)
    expect(page.locator("#question")).to_be_focused()

    # Back from the question box to the first suggestion: focus is visible, and Enter asks it.
    chip = page.locator("[data-suggestion]").first
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if chip.evaluate("element => element === document.activeElement"):
            break
    expect(chip).to_be_focused()
    assert chip.evaluate("element => getComputedStyle(element).outlineStyle") == "solid"
    question = chip.inner_text()
    page.keyboard.press("Enter")
    reply = page.locator(".msg--assistant").first
    expect(reply).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".msg--user .msg__bubble")).to_have_text(question)

    # Focus went back to the question box; Shift+Enter is a new line, Enter sends.
    box = page.locator("#question")
    expect(box).to_be_focused()
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("second line")
    expect(box).to_have_value("first line\nsecond line")
    expect(page.locator(".msg--user")).to_have_count(1)


def test_a_visible_waiting_state_then_the_answer_streams_in(page):
    # Record what the thread shows while the reply is on its way, before any page script runs.
    page.add_init_script(
        """
        window.__seen = {waiting: false, lengths: []};
        new MutationObserver(() => {
          if (document.querySelector('.msg--assistant .waiting[role=status]')) window.__seen.waiting = true;
          const answer = document.querySelector('.msg--assistant .answer');
          if (answer) window.__seen.lengths.push(answer.textContent.length);
        }).observe(document, {subtree: true, childList: true, characterData: true});
        """
    )
    page.goto("/")
    reply = ask(page, LOOKUP)
    seen = page.evaluate("window.__seen")
    assert seen["waiting"], "a waiting indicator was shown"
    assert len(set(seen["lengths"])) > 1, f"the answer rendered in pieces, saw lengths {seen['lengths']}"
    expect(reply).not_to_have_attribute("aria-busy", "true")
    expect(reply.locator(".waiting")).to_have_count(0)


def test_an_api_error_shows_its_detail_and_keeps_the_question(page, problems):
    problems.expected_statuses = (422,)
    detail = "messages.0.content: must not be blank"
    page.route(
        "**/api/chat/stream",
        lambda route: route.fulfill(
            status=422, json={"detail": detail, "errors": [{"field": "messages.0.content", "message": "x"}]}
        ),
    )
    page.goto("/")
    ready(page)
    box = page.locator("#question")
    box.fill("Can I transfer my certificate to a friend?")
    box.press("Enter")
    error = page.locator("[data-error]")
    expect(error).to_be_visible()
    expect(error).to_have_text(detail)
    expect(box).to_have_value("Can I transfer my certificate to a friend?")
    expect(page.locator(".msg")).to_have_count(0)

    # Once the API answers again, the same words go through.
    page.unroute("**/api/chat/stream")
    box.press("Enter")
    expect(page.locator(".msg--assistant").first).to_have_attribute(
        "data-state", "done", timeout=REPLY_TIMEOUT_MS
    )
    expect(error).to_be_hidden()


def test_it_reads_well_on_a_phone(context_factory, problems):
    phone = context_factory(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    problems.watch(page)
    page.goto("/")
    ask(page, "I bought Coursera Plus, can I still get a refund?")
    ask(page, LOOKUP)
    assert no_horizontal_scroll(page)
    box = page.locator(".composer__box")
    expect(box).to_be_in_viewport()
    assert box.bounding_box()["width"] > 300
    shoot(page, "learner-phone")
    for path in ["/terms#refund-policy/for-coursera-plus", f"/agent?token={AGENT_TOKEN}"]:
        page.goto(path)
        assert no_horizontal_scroll(page), path
    assert not problems, problems
