"""Shared fixtures: the real engine on the real index, its app, databases, and a fast fake embedder for
unit tests of code around the model (helpers in `tests/helpers/`)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.engine import Engine
from assistant.settings import ROOT, Settings
from tests.helpers.apps import app_on
from tests.helpers.fakes import FakeEmbedder

_DATA_BEFORE = os.environ.get("ASSISTANT_DATA_DIR")


def pytest_configure(config: pytest.Config) -> None:
    """What the apps under test record goes to a directory of the run's own, never to ./data. It
    is set in the environment before any test module is imported (some build an app as they are
    collected), so the servers the tests start inherit it too."""
    os.environ["ASSISTANT_DATA_DIR"] = tempfile.mkdtemp(prefix="assistant-test-data-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["ASSISTANT_DATA_DIR"], ignore_errors=True)
    if _DATA_BEFORE is None:
        os.environ.pop("ASSISTANT_DATA_DIR", None)
    else:
        os.environ["ASSISTANT_DATA_DIR"] = _DATA_BEFORE


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, then a real PostgreSQL (ASSISTANT_TEST_DATABASE_URL).

    Without that variable the PostgreSQL run is skipped on a laptop, and fails in CI
    (`CI=true`), whose `.ci/run` starts PostgreSQL and sets it.
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'assistant.db'}"
    url = os.environ.get("ASSISTANT_TEST_DATABASE_URL")
    if not url:
        message = "ASSISTANT_TEST_DATABASE_URL is unset: the PostgreSQL run needs one (.ci/run makes it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from sqlalchemy import create_engine

    from assistant.support.store import metadata

    engine = create_engine(url)
    metadata.drop_all(engine)  # every test starts from an empty database, as on SQLite
    engine.dispose()
    return url


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Settings:
    """Settings over a private copy of the corpus and an empty index directory."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", multilingual_model="off")


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real model on the real index (built by `make test` before pytest, or here if missing)."""
    return Engine.open(Settings())


@pytest.fixture(scope="session")
def client(engine: Engine):
    with TestClient(app_on(engine)) as test_client:
        yield test_client
