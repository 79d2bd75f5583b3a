"""Shared fixtures: the real engine on the real index, and a fast fake embedder for unit tests."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.engine import Engine
from assistant.settings import ROOT, Settings


class FakeEmbedder:
    """Hashed bag of words: deterministic and instant. Only for tests of code around the model."""

    dimensions = 64

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Settings:
    """Settings over a private copy of the corpus and an empty index directory."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real model on the real index (built by `make test` before pytest, or here if missing)."""
    return Engine.open(Settings())


@pytest.fixture(scope="session")
def client(engine: Engine):
    # One test client makes hundreds of requests: the rate limit has tests of its own.
    settings = engine.settings.model_copy(update={"rate_limit": "off", "reload_interval": 0})
    with TestClient(create_app(settings, engine=engine)) as test_client:
        yield test_client
