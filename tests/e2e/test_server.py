"""A real server process: `assistant serve` builds a missing index itself, then answers over HTTP."""

import os
import subprocess

import httpx
import pytest

from assistant.settings import ROOT
from tests.helpers.servers import BIN, free_port, serving


@pytest.fixture
def environment(tmp_path) -> dict[str, str]:
    """An empty index directory of its own, and auto-build on whatever the caller's environment says.
    English only: the build on start is what is tested, and the multilingual encoders would
    triple its time (they are tested on the session's index)."""
    return {
        "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
        "ASSISTANT_CORPUS_DIR": str(ROOT / "corpus"),
        "ASSISTANT_AUTO_BUILD": "true",
        "ASSISTANT_MULTILINGUAL_MODEL": "off",
    }


def test_serve_builds_a_missing_index_then_answers(environment, tmp_path):
    with serving(environment) as server:
        assert (tmp_path / "index" / "current" / "manifest.json").exists()
        reply = httpx.post(
            f"{server.url}/api/chat",
            json={
                "messages": [{"role": "user", "content": "can I decompile the coursera app?"}],
                "as_of": "2025-03-10",
            },
            timeout=30,
        ).json()
        assert reply["citations"] and reply["citations"][0]["url"].startswith("/terms?quote=")


def test_serve_without_auto_build_names_the_command_to_run(environment, tmp_path):
    (tmp_path / "index").mkdir()
    result = subprocess.run(
        [str(BIN / "assistant"), "serve", "--port", str(free_port())],
        env={**os.environ, **environment, "ASSISTANT_AUTO_BUILD": "false"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: no index at {tmp_path / 'index'}; run `assistant index` to rebuild it"
    ]
