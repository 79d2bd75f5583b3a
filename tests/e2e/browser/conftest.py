"""Browser fixtures: Debian's Chromium through Playwright, a real `uvicorn` server on the real index,
and a host page server on another origin for the widget.

A missing /usr/bin/chromium skips these tests on a laptop but fails them in CI (`CI=true`).
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from browsing import AGENT_TOKEN

from assistant.settings import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots of failed tests land here (git-ignored), to see what the browser saw.
RESULTS = ROOT / "test-results"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `apt-get install chromium` (the browser tests never download one)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@contextmanager
def uvicorn_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """`uvicorn` serving the app factory on a free port, on the real index, with ASSISTANT_*
    overrides in `env`; its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "uvicorn", "--factory", "assistant.service.app:app_from_environment"]
    options = ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [*command, *options],
            cwd=ROOT,
            # Many questions from one address: the rate limit has tests of its own.
            env={
                **os.environ,
                "HF_HUB_OFFLINE": "1",
                "ASSISTANT_RATE_LIMIT": "off",
                "ASSISTANT_AGENT_TOKEN": AGENT_TOKEN,
                **(env or {}),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 180  # a stale index is rebuilt first
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"the server exited with {process.returncode}:\n{log.read()[-4000:]}")
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("the server did not answer /healthz within 180 s")
                time.sleep(0.25)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def server(chromium_path: Path) -> Iterator[str]:
    """The server most browser tests share; its base URL."""
    with uvicorn_server() as url:
        yield url


@pytest.fixture(scope="session")
def start_server(chromium_path: Path):
    """`uvicorn_server`, for tests that need a server of their own (on a database of its own, say)."""
    return uvicorn_server


class HostSite:
    """A plain static site on its own port: another origin than the assistant's."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.url = url

    def page(self, name: str, html: str) -> str:
        (self.root / name).write_text(html, encoding="utf-8")
        return f"{self.url}/{name}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def host_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    root = tmp_path_factory.mktemp("host-site")
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield HostSite(root, f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Problems(list):
    """Uncaught page errors and console errors (CSP violations among them) seen during a test."""

    # Chromium logs every 4xx answer as an error; a test that provokes one says which status it expects.
    expected_statuses: tuple[int, ...] = ()

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.append(f"page error: {error}"))
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        if any(f"status of {status}" in message.text for status in self.expected_statuses):
            return
        self.append(f"console error: {message.text}")


def _new_context(browser, server: str, **options):
    options.setdefault("viewport", {"width": 1280, "height": 860})
    options.setdefault("reduced_motion", "reduce")
    options.setdefault("base_url", server)  # another server of a test's own, if it says so
    return browser.new_context(**options)


@pytest.fixture
def context_factory(browser, server, request):
    """Make browser contexts (phone-sized, with permissions, on another server...) that are closed
    after the test."""
    contexts = []

    def make(**options):
        context = _new_context(browser, server, **options)
        contexts.append(context)
        return context

    yield make
    failed = getattr(request.node, "report_call", None)
    for index, context in enumerate(contexts):
        if failed is not None and failed.failed:
            RESULTS.mkdir(exist_ok=True)
            for number, page in enumerate(context.pages):
                name = f"{request.node.name}-{index}-{number}.png".replace("/", "_")
                page.screenshot(path=str(RESULTS / name), full_page=True)
        context.close()


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(context_factory, problems: Problems):
    """A fresh desktop-sized page on the assistant's origin; it must end the test without JS errors."""
    page = context_factory().new_page()
    problems.watch(page)
    yield page
    assert not problems, f"the page logged problems: {problems}"
