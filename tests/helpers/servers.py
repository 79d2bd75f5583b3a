"""Real server processes for the tests that claim them: `assistant serve` on a free port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.search.index import CURRENT, current_path
from assistant.settings import ROOT

BIN = Path(sys.executable).parent
# The HTTP parsers uvicorn may run, and the short deadlines the slow-client tests serve with
# (tests/e2e/conftest.py's `parser_server`), so that a test sees a deadline pass in seconds.
PARSERS = ["httptools", "h11"]
HEADER_TIMEOUT = 2.0
BODY_TIMEOUT = 2.0
AGENT_TOKEN = "e2e-agent-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def terminate(self, timeout: float = 60) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def wait_ready(server: Server, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(
                f"server exited with {server.process.returncode}:\n{server.output()[-3000:]}"
            )
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("server did not become ready")


@contextmanager
def serving(env: dict[str, str] | None = None, ready: bool = True, public: bool = False) -> Iterator[Server]:
    """`assistant serve` with ASSISTANT_* overrides in `env`; stopped (SIGTERM, then kill) after.
    With `public`, its own URL is its public URL (the base of the links it writes)."""
    port = free_port()
    environment = {**os.environ, "ASSISTANT_RATE_LIMIT": "off", **(env or {})}
    if public:
        environment["ASSISTANT_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False) as log:
        process = subprocess.Popen(
            [str(BIN / "assistant"), "serve", "--port", str(port)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, Path(log.name))
    try:
        if ready:
            wait_ready(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        Path(log.name).unlink(missing_ok=True)


def copy_of_current_index(directory: Path) -> Path:
    """A private index directory holding a copy of the current build, so a server starts at once."""
    build = current_path(ROOT / "index")
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(build, directory / build.name)
    (directory / CURRENT).symlink_to(build.name)
    return directory
