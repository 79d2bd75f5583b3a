"""The command line on a setup gone wrong: one line that says what is wrong and what to do, never a
traceback, and nothing left half-done."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import cli
from assistant.rules import PinDrift, check_pins
from assistant.search import embedder as embedder_module
from assistant.search.index import build_index, current_path
from assistant.settings import ROOT
from assistant.terms.chunks import chunk_documents
from assistant.terms.page import load_documents
from tests.helpers.servers import BIN, free_port

runner = CliRunner()


def test_index_replaces_a_current_that_is_a_real_directory(tmp_settings, fake_embedder, monkeypatch):
    build_index(tmp_settings, fake_embedder)
    index_dir = tmp_settings.index_dir
    copied = current_path(index_dir)
    (index_dir / "current").unlink()
    shutil.copytree(copied, index_dir / "current")  # as `cp -rL` or an unpacked archive leaves it
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_settings.corpus_dir))
    monkeypatch.setattr(embedder_module, "Embedder", lambda path: fake_embedder)
    result = runner.invoke(cli.app, ["index"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Built {index_dir}/")
    assert (index_dir / "current").is_symlink()
    assert not list(index_dir.glob(".*.tmp"))


@pytest.fixture(scope="module")
def drifted(tmp_path_factory) -> dict[str, str]:
    """A corpus whose Coursera Plus clause says 7 days where the refund rule pins 14, and an empty
    index directory beside it."""
    root = tmp_path_factory.mktemp("drifted")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    page = next(corpus.glob("*.txt"))
    text = page.read_text()
    assert "within 14 days of your payment" in text
    page.write_text(text.replace("within 14 days of your payment", "within 7 days of your payment"))
    return {"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(root / "index")}


def drift_message(corpus: str) -> str:
    with pytest.raises(PinDrift) as drift:
        check_pins(chunk_documents(load_documents(Path(corpus))))
    return str(drift.value)


@pytest.mark.parametrize(
    "command",
    [["index"], ["ask", "can I get a refund for coursera plus?"], ["serve", "--port", "{port}"]],
    ids=["index", "ask", "serve"],
)
def test_terms_changed_under_a_rule_are_one_line_from_each_command(drifted, command):
    args = [part.replace("{port}", str(free_port())) for part in command]
    result = subprocess.run(
        [str(BIN / "assistant"), *args],
        env={**os.environ, **drifted},
        capture_output=True,
        text=True,
        timeout=300,
    )
    message = drift_message(drifted["ASSISTANT_CORPUS_DIR"])
    assert message.startswith("the terms changed under a rule: rule refund_eligibility: ")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: {message}"]
