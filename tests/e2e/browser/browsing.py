"""Steps the browser tests share: ask in a chat, wait for the reply to finish."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from assistant.settings import ROOT

# Every run saves its screenshots under test-results/ (ignored by git); with
# UPDATE_SCREENSHOTS=1 they replace the README's in docs/, which are committed.
SCREENSHOTS = ROOT / ("docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "test-results/screenshots")

# A reply is retrieval plus quoting: well under a second here, but CI machines are slower.
REPLY_TIMEOUT_MS = 30_000
# The test server's agent token: the console is opened with it (`/agent?token=...`).
AGENT_TOKEN = "browser-agent-token"


def ready(scope) -> None:
    """Wait until the chat's script has wired the page (module scripts run after the HTML shows)."""
    expect(scope.locator("[data-chat][data-ready=true]")).to_be_attached()


def ask(scope, question: str) -> Locator:
    """Type `question` into the chat box of `scope` (a page or frame), press Enter, and return the
    reply once it has finished streaming."""
    ready(scope)
    replies = scope.locator(".msg--assistant")
    before = replies.count()
    box = scope.locator("#question")
    box.fill(question)
    box.press("Enter")
    reply = replies.nth(before)
    expect(reply).to_have_attribute("data-state", "done", timeout=REPLY_TIMEOUT_MS)
    return reply


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shoot(page: Page, name: str) -> Path:
    """Save a screenshot as <name>.png: the README's in docs/ when UPDATE_SCREENSHOTS=1."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    return path
