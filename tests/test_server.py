"""A real server process: `assistant serve` builds a missing index itself, then answers over HTTP."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.settings import ROOT

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}: {process.stdout.read()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError("server did not become ready")


@pytest.fixture
def environment(tmp_path):
    env = dict(
        os.environ, ASSISTANT_INDEX_DIR=str(tmp_path / "index"), ASSISTANT_CORPUS_DIR=str(ROOT / "corpus")
    )
    env.pop("ASSISTANT_AUTO_BUILD", None)
    return env


def test_serve_builds_a_missing_index_then_answers(environment, tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "assistant"), "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_ready(url, process)
        assert (tmp_path / "index" / "current" / "manifest.json").exists()
        reply = httpx.post(
            f"{url}/api/chat",
            json={
                "messages": [{"role": "user", "content": "can I decompile the coursera app?"}],
                "as_of": "2025-03-10",
            },
            timeout=30,
        ).json()
        assert reply["citations"] and reply["citations"][0]["url"].startswith("/terms#")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_without_auto_build_names_the_command_to_run(environment, tmp_path):
    (tmp_path / "index").mkdir()
    environment["ASSISTANT_AUTO_BUILD"] = "false"
    result = subprocess.run(
        [str(BIN / "assistant"), "serve", "--port", str(free_port())],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: no index at {tmp_path / 'index'}; run `assistant index` to rebuild it"
    ]
