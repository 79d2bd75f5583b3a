"""The embed script on a page of another origin: launcher, iframe chat, and a host page left alone."""

from __future__ import annotations

import re

import pytest
from browsing import REPLY_TIMEOUT_MS, ask, ready, shoot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A host page with the broad rules real sites have: if ours leaked into it, or its into ours, it shows.
HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Academy · Help centre</title>
<link rel="icon" href="data:,">
<style>
  * {{ font-family: Georgia, serif; }}
  body {{ margin: 0; background: #fbfaf6; color: #2b2a26; }}
  header {{ padding: 18px 48px; background: #1f3b2d; color: #f3efe2; font-size: 22px; }}
  main {{ max-width: 720px; padding: 32px 48px; line-height: 1.7; }}
  h1 {{ font-size: 34px; margin: 0 0 12px; }}
  button {{ background: rgb(178, 34, 34); color: white; border: 3px solid rgb(0, 0, 0); padding: 10px 18px; }}
  div {{ margin: 4px; }}
</style>
<script>window.__before = Object.keys(window);</script>
</head>
<body>
<header>Northwind Academy</header>
<main>
  <h1>Refunds and your subscription</h1>
  <p>Our courses are delivered on Coursera, so Coursera's refund policy applies to every purchase.
     Use the assistant in the corner to check what the terms say about your case.</p>
  <p><button id="host-button" type="button">Contact us</button></p>
</main>
<script src="{server}/widget.js" defer
        data-title="{title}" data-accent="#1f7a4d" data-corner="{corner}"></script>
</body>
</html>
"""


def host_page(
    host_site, server: str, name: str, title: str = "Ask Northwind", corner: str = "bottom-right"
) -> str:
    return host_site.page(name, HOST_PAGE.format(server=server, title=title, corner=corner))


def test_the_widget_embeds_on_another_origin_and_answers_with_citations(page, server, host_site):
    url = host_page(host_site, server, "help.html")
    assert url.split("/")[2] != server.split("/")[2], "the host page is on another origin"
    page.goto(url)
    host_button = page.locator("#host-button")
    host_style_before = host_button.evaluate(
        "b => getComputedStyle(b).cssText || getComputedStyle(b).backgroundColor"
    )

    launcher = page.locator("terms-assistant-widget button.launcher")
    expect(launcher).to_be_visible()
    expect(launcher).to_have_attribute("aria-label", "Ask Northwind")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    # The accent comes from data-accent; the host's `button {...}` rule does not reach into the widget.
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(31, 122, 77)"
    assert launcher.evaluate("b => getComputedStyle(b).borderTopWidth") == "0px"
    box = launcher.bounding_box()
    viewport = page.viewport_size
    assert box["x"] > viewport["width"] - 120 and box["y"] > viewport["height"] - 120, "bottom-right corner"
    expect(page.locator("terms-assistant-widget iframe")).to_have_count(0)  # nothing loaded until opened

    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    frame = page.frame_locator("terms-assistant-widget iframe")
    expect(frame.locator(".wbar__title")).to_have_text("Ask Northwind")
    reply = ask(frame, "I paid for Coursera Plus 3 days ago. Can I still get a refund?")
    cite = reply.locator("a.cite").first
    expect(cite).to_be_visible()
    assert re.fullmatch(r"/terms\?quote=\d+-\d+#.+", cite.get_attribute("href") or "")
    assert cite.get_attribute("target") == "_blank"
    shoot(page, "widget")

    # The host page kept its own styles and scripts, and gained exactly one global.
    assert host_button.evaluate(
        "b => getComputedStyle(b).cssText || getComputedStyle(b).backgroundColor"
    ) == (host_style_before)
    assert host_button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(178, 34, 34)"
    added = page.evaluate("Object.keys(window).filter(k => !window.__before.includes(k) && k !== '__before')")
    assert added == ["TermsAssistantWidget"]
    assert page.evaluate("document.styleSheets.length") == 1, "no stylesheet added to the host document"

    # Closing from inside the chat (its × button) hands focus back to the launcher.
    frame.locator("[data-close]").click()
    expect(page.locator("terms-assistant-widget iframe")).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_be_focused()

    # And the page's API works: open() again keeps the conversation.
    page.evaluate("TermsAssistantWidget.open()")
    expect(frame.locator(".msg--assistant")).to_have_count(1, timeout=REPLY_TIMEOUT_MS)


def test_data_corner_moves_the_launcher_and_escape_closes(page, server, host_site):
    page.goto(host_page(host_site, server, "left.html", corner="top-left"))
    launcher = page.locator("terms-assistant-widget button.launcher")
    expect(launcher).to_be_visible()
    box = launcher.bounding_box()
    assert box["x"] < 100 and box["y"] < 100, "top-left corner"
    launcher.press("Enter")
    panel = page.locator("terms-assistant-widget .panel")
    expect(panel).to_be_visible()
    assert panel.bounding_box()["y"] > box["y"], "the panel opens below a top launcher"
    frame = page.frame_locator("terms-assistant-widget iframe")
    ready(frame)
    frame.locator("#question").press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()


def test_on_a_phone_the_widget_takes_the_whole_screen(context_factory, problems, server, host_site):
    phone = context_factory(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    problems.watch(page)
    page.goto(host_page(host_site, server, "phone.html"))
    launcher = page.locator("terms-assistant-widget button.launcher")
    launcher.tap()
    panel = page.locator("terms-assistant-widget .panel")
    expect(panel).to_be_visible()
    assert panel.bounding_box() == {"x": 0, "y": 0, "width": 390, "height": 844}
    frame = page.frame_locator("terms-assistant-widget iframe")
    reply = ask(frame, "Can I share my quiz answers with a friend?")
    expect(reply.locator("a.cite").first).to_be_visible()
    assert frame.locator("html").evaluate("e => e.scrollWidth <= window.innerWidth")
    frame.locator("[data-close]").tap()
    expect(panel).to_be_hidden()
    expect(launcher).to_be_visible()
    assert not problems, problems
