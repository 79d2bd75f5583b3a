"""A database that fails: the client gets a 503 that says to try again, and the log says why (the
driver's reason, "database or disk is full"), never what the learner wrote."""

from __future__ import annotations

import json
import logging
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from assistant.service.logs import JsonFormatter
from tests.helpers.apps import app_on

WORDS = "my cat Zanzibar ate my certificate"


def full(app: FastAPI) -> None:
    """Make the app's SQLite database full: no connection may grow it by a page from now on."""
    engine = app.state.recorder.store.engine

    @event.listens_for(engine, "connect")
    def _no_room(connection: Any, record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA max_page_count = 1")  # SQLite raises it to the pages in use
        cursor.close()

    engine.dispose()  # the connections open now were made without it


def lines(records: list[logging.LogRecord]) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in records if record.name.startswith("assistant")]


@pytest.fixture
def client(engine, tmp_path):
    with TestClient(app_on(engine, data_dir=tmp_path, agent_token="s3cret")) as test_client:
        full(cast(FastAPI, test_client.app))
        yield test_client


def test_a_full_database_is_a_503_and_the_log_says_why_without_the_learners_words(client, caplog):
    caplog.set_level(logging.INFO)
    transcript = [{"role": "user", "content": f"{WORDS}, page {n}. " * 80} for n in range(8)]
    response = client.post("/api/handoff", json={"messages": transcript})
    assert response.status_code == 503 and response.headers["retry-after"] == "30"
    assert response.json()["detail"].startswith("the assistant's records are unavailable just now")
    failed = [line for line in lines(caplog.records) if line["message"].startswith("the database failed")]
    assert [line["message"] for line in failed] == [
        "the database failed on POST /api/handoff: database or disk is full"
    ]
    error = failed[0]["error"]
    assert "OperationalError: database or disk is full" in error and "NoneType: None" not in error
    assert "Zanzibar" not in json.dumps(lines(caplog.records))


def test_replies_the_recorder_cannot_write_are_dropped_with_the_reason(client, caplog):
    caplog.set_level(logging.INFO)
    for n in range(3):  # more than the pages in use can take
        body = {"messages": [{"role": "user", "content": f"{WORDS} {n}. " * 100}], "as_of": "2025-03-10"}
        assert client.post("/api/chat", json=body).status_code == 200
    recorder = cast(FastAPI, client.app).state.recorder
    recorder.flush(timeout=30)
    dropped = [line for line in lines(caplog.records) if line["message"].startswith("dropped")]
    assert dropped and dropped[0]["message"].endswith("(database or disk is full)")
    assert "OperationalError: database or disk is full" in dropped[0]["error"]
    assert recorder.dropped >= 1
    assert "Zanzibar" not in json.dumps(lines(caplog.records))
