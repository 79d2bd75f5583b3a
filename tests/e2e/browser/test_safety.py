"""Hostile input is shown as text and runs nothing; the CSP keeps other sites from framing the pages."""

from __future__ import annotations

import pytest
from browsing import AGENT_TOKEN, REPLY_TIMEOUT_MS, ask
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOSTILE = [
    "<img src=x onerror=window.__pwned=1>",
    "<script>window.__pwned=1</script>",
    '"><svg onload=window.__pwned=1> [1] “quoted” **bold**',
]


def test_hostile_input_in_the_learner_chat_is_literal_text(page):
    page.goto("/")
    for number, text in enumerate(HOSTILE):
        ask(page, text)
        expect(page.locator(".msg--user .msg__bubble").nth(number)).to_have_text(text)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".thread img, .thread script, .thread svg").count() == 0


def test_hostile_input_in_the_agent_console_is_literal_text(page):
    page.goto(f"/agent?token={AGENT_TOKEN}")
    expect(page.locator("[data-console][data-ready=true]")).to_be_attached()
    box = page.locator("#agent-question")
    for text in HOSTILE[:2]:
        box.fill(text)
        box.press("Enter")
        expect(page.locator(".inspect")).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)
        expect(page.locator("[data-question]")).to_have_text(text)
    expect(page.locator(".turn__question")).to_have_text(HOSTILE[:2])
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-console] img, [data-console] script").count() == 0


def test_a_hostile_widget_title_is_literal_text(page, server, host_site):
    title = "<img src=x onerror=window.__pwned=1>"
    url = host_site.page(
        "hostile.html",
        f"""<!doctype html><html><head><link rel="icon" href="data:,"></head><body><p>Host</p>
        <script src="{server}/widget.js" defer
                data-title='{title}' data-accent="red;background:url(x)"></script>
        </body></html>""",
    )
    page.goto(url)
    launcher = page.locator("terms-assistant-widget button.launcher")
    expect(launcher).to_have_attribute("aria-label", title)
    launcher.click()
    frame = page.frame_locator("terms-assistant-widget iframe")
    expect(frame.locator(".wbar__title")).to_have_text(title)
    ask(frame, HOSTILE[1])
    expect(frame.locator(".msg__bubble")).to_have_text(HOSTILE[1])
    assert page.evaluate("window.__pwned") is None
    frame_pwned = frame.locator("body").evaluate("() => window.__pwned")
    assert frame_pwned is None
    # The bad accent was refused: the default colour stands.
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(36, 80, 211)"


def test_the_pages_cannot_be_framed_by_another_origin_but_the_widget_can(context_factory, server, host_site):
    page = context_factory().new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "frame-ancestors" in message.text else None,
    )
    url = host_site.page(
        "framing.html",
        f"""<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
        <iframe id="learner" src="{server}/" width="600" height="400"></iframe>
        <iframe id="widget" src="{server}/widget" width="400" height="400"></iframe>
        </body></html>""",
    )
    page.goto(url)
    expect(page.frame_locator("#widget").locator("#question")).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    # Chromium swaps a refused frame's document for an error page: none of the chat reaches the host.
    learner = page.locator("#learner").element_handle().content_frame()
    expect(page.frame_locator("#learner").locator("[data-chat]")).to_have_count(0)
    assert learner.url != f"{server}/", learner.url
    assert any("frame-ancestors 'self'" in text for text in violations), violations

    response = page.request.get(f"{server}/")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
