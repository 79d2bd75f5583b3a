"""Content gaps: declined and rated-down questions grouped by topic with the real MiniLM embeddings."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant import cli
from assistant.support.gaps import cluster, find_gaps, gap_report
from assistant.support.records import GapQuestion
from assistant.support.store import Store, now
from tests.helpers.apps import app_on
from tests.support.test_store import row

PASSWORD = [
    "how do i reset my password",
    "I forgot my password, how do I reset it",
    "password reset link not arriving",
]
DISCOUNT = ["do you offer a student discount", "is there a discount for students?"]
ELSEWHERE = ["what is the capital of australia", "easy recipe for banana bread"]


def encode(engine, texts: list[str]) -> np.ndarray:
    return engine.embedder.encode(texts)


def test_similar_questions_land_together_and_different_ones_apart(engine):
    texts = PASSWORD + DISCOUNT + ELSEWHERE + ["can I pay with bitcoin?", "do you accept cryptocurrency"]
    labels = cluster(encode(engine, texts))
    password, discount, capital, bread, bitcoin = labels[0], labels[3], labels[5], labels[6], labels[7]
    assert labels[:3] == [password] * 3 and labels[3:5] == [discount] * 2 and labels[8] == bitcoin
    assert len({password, discount, capital, bread, bitcoin}) == 5


def asked(
    question: str, minutes_ago: int = 0, declined: bool = True, rated_down: bool = False
) -> GapQuestion:
    return GapQuestion(
        reply_id=f"{minutes_ago:032d}",
        question=question,
        declined=declined,
        rated_down=rated_down,
        created=now() - timedelta(minutes=minutes_ago),
    )


def test_a_topic_counts_its_questions_and_shows_the_most_asked_first(engine):
    questions = [
        asked("how do i reset my password", 1),
        asked("Password reset link not arriving", 2, declined=False, rated_down=True),
        asked("how do I reset my  PASSWORD", 3),  # the same question, in other case and spacing
        asked("what is the capital of australia", 4),
    ]
    report = find_gaps(questions, lambda texts: encode(engine, texts), now() - timedelta(days=1))
    assert report.questions == 4
    top, other = report.gaps
    assert (top.questions, top.declined, top.rated_down) == (3, 2, 1)
    assert [(e.question, e.count) for e in top.examples] == [
        ("how do i reset my password", 2),
        ("Password reset link not arriving", 1),
    ]
    assert top.last_asked == questions[0].created
    assert [(e.question, e.count) for e in other.examples] == [("what is the capital of australia", 1)]


def test_no_questions_make_an_empty_report():
    report = find_gaps([], lambda texts: np.zeros((0, 384)), now())
    assert report.questions == 0 and report.gaps == []


def test_a_gap_report_reads_the_last_days_and_keeps_the_biggest_topics(engine, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'assistant.db'}")
    try:
        store.add_replies([row(PASSWORD[0]), row(PASSWORD[1]), row(DISCOUNT[0])])
        store.add_replies([row(ELSEWHERE[0], created=now() - timedelta(days=10))])
        report = gap_report(store, lambda texts: encode(engine, texts), days=7, limit=1)
    finally:
        store.close()
    assert report.questions == 3 and now() - timedelta(days=7) - report.since < timedelta(minutes=1)
    (top,) = report.gaps  # the password topic; the discount one is left out by the limit
    assert {e.question for e in top.examples} == set(PASSWORD[:2])


def test_the_gap_report_groups_what_learners_asked(engine, tmp_path):
    with TestClient(app_on(engine, agent_token="s3cret", data_dir=tmp_path)) as client:
        for question in [*PASSWORD, PASSWORD[0], *DISCOUNT, ELSEWHERE[0]]:
            reply = client.post(
                "/api/chat", json={"messages": [{"role": "user", "content": question}]}
            ).json()
            assert reply["abstained"], question
        answered = client.post(
            "/api/chat", json={"messages": [{"role": "user", "content": "can my brother use my login?"}]}
        ).json()
        client.post("/api/feedback", json={"reply_id": answered["id"], "rating": "down"})
        assert client.get("/api/gaps").status_code == 401
        report = client.get("/api/gaps", headers={"Authorization": "Bearer s3cret"}).json()
        limited = client.get("/api/gaps?limit=1", headers={"Authorization": "Bearer s3cret"}).json()
    assert report["questions"] == 8
    sizes = [(gap["questions"], gap["declined"], gap["rated_down"]) for gap in report["gaps"]]
    # Equal topics: the one asked last first (the rated-down answer came after the capital).
    assert sizes == [(4, 4, 0), (2, 2, 0), (1, 0, 1), (1, 1, 0)]
    assert report["gaps"][0]["examples"][0] == {"question": PASSWORD[0], "count": 2}
    assert {e["question"] for e in report["gaps"][1]["examples"]} == set(DISCOUNT)
    assert len(limited["gaps"]) == 1


runner = CliRunner()


def test_assistant_report_gaps_prints_the_topics(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(cli, "_embedder", lambda settings: engine.embedder)
    store = Store.open(f"sqlite:///{tmp_path / 'assistant.db'}")
    store.add_replies([row(PASSWORD[0]), row(PASSWORD[0]), row(PASSWORD[1]), row(DISCOUNT[0])])
    old = row(ELSEWHERE[1], created=now() - timedelta(days=60))
    store.add_replies([old])
    store.close()
    today = now().date().isoformat()
    since = (now() - timedelta(days=30)).date().isoformat()
    result = runner.invoke(cli.app, ["report", "gaps"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Content gaps since {since}: 4 questions declined or rated down, in 2 topics.\n"
        "\n"
        f"1. 3 questions (3 declined, 0 rated down), last on {today}\n"
        f"   “{PASSWORD[0]}” ×2\n"
        f"   “{PASSWORD[1]}”\n"
        "\n"
        f"2. 1 question (1 declined, 0 rated down), last on {today}\n"
        f"   “{DISCOUNT[0]}”\n"
    )
    limited = runner.invoke(cli.app, ["report", "gaps", "--limit", "1", "--json"])
    assert limited.exit_code == 0
    assert '"questions": 4' in limited.output and limited.output.count('"examples"') == 1
    years = runner.invoke(cli.app, ["report", "gaps", "--days", "90"])
    assert "5 questions declined or rated down, in 3 topics." in years.output


def test_report_gaps_with_nothing_recorded_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    since = (now() - timedelta(days=7)).date().isoformat()
    result = runner.invoke(cli.app, ["report", "gaps", "--days", "7"])
    assert result.exit_code == 0
    assert result.output == f"No question was declined or rated down since {since}.\n"


def test_report_gaps_names_a_database_it_cannot_use(monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", "postgresql+psycopg://someone:secret@127.0.0.1:1/nowhere")
    result = runner.invoke(cli.app, ["report", "gaps"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: can't use the database postgresql+psycopg://someone:***@127.0.0.1:1/nowhere:"
    )
    assert "secret" not in result.output
