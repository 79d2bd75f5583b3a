"""The store, on SQLite and on PostgreSQL: schema and migrations, replies, feedback, tickets, gaps."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    select,
    text,
)

from assistant.models import Citation, Reply, new_id
from assistant.support import store as store_module
from assistant.support.records import ReplyRow, Turn
from assistant.support.store import SCHEMA_VERSION, Store, StoreProblem, clause_counts, now, reply_counts


def row(
    question: str = "can I pay in bitcoin?",
    kind: str = "declined",
    created: datetime | None = None,
    language: str = "en",
) -> ReplyRow:
    return ReplyRow(
        id=new_id(),
        question=question,
        answer="Coursera's terms don't cover this." if kind == "declined" else "According to the terms [1]",
        abstained=kind == "declined",
        kind=kind,  # type: ignore[typeddict-item]
        citations=[] if kind == "declined" else ["refund-policy/for-coursera-plus"],
        rule="refund_eligibility" if kind == "rule" else None,
        created=created or now(),
        language=language,
    )


@pytest.fixture
def store(database_url):
    opened = Store.open(database_url)
    yield opened
    opened.close()


def test_a_new_database_gets_the_schema_at_the_current_version(store):
    assert store.schema_version() == SCHEMA_VERSION
    with store.engine.connect() as connection:
        names = set(store.engine.dialect.get_table_names(connection))
    assert {"replies", "feedback", "tickets", "schema_version"} <= names


def test_opening_again_keeps_the_data(database_url):
    first = Store.open(database_url)
    kept = row()
    first.add_replies([kept])
    first.close()
    second = Store.open(database_url)
    try:
        found = second.reply(kept["id"])
        assert found is not None and found.question == kept["question"]
        assert second.schema_version() == SCHEMA_VERSION
    finally:
        second.close()


def test_a_database_newer_than_the_code_is_refused_by_name(database_url):
    Store.open(database_url).close()
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE schema_version SET version = :v"), {"v": SCHEMA_VERSION + 1})
    engine.dispose()
    with pytest.raises(StoreProblem, match=f"schema version {SCHEMA_VERSION + 1}, newer than"):
        Store.open(database_url)


def test_an_older_database_is_migrated_step_by_step(database_url, monkeypatch):
    Store.open(database_url).close()
    ran: list[int] = []

    def add_a_column(connection: Connection) -> None:
        ran.append(SCHEMA_VERSION + 1)
        connection.execute(text("ALTER TABLE tickets ADD COLUMN priority INTEGER"))

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_module, "MIGRATIONS", {SCHEMA_VERSION + 1: add_a_column})
    migrated = Store.open(database_url)
    try:
        assert ran == [SCHEMA_VERSION + 1] and migrated.schema_version() == SCHEMA_VERSION + 1
        with migrated.engine.connect() as connection:
            columns = {c["name"] for c in migrated.engine.dialect.get_columns(connection, "tickets")}
        assert "priority" in columns
    finally:
        migrated.close()
    Store.open(database_url).close()  # up to date now: nothing runs again
    assert ran == [SCHEMA_VERSION + 1]


# The replies table as schema version 1 made it: before replies said their language.
_VERSION_1 = MetaData()
_REPLIES_1 = Table(
    "replies",
    _VERSION_1,
    Column("id", String(32), primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("abstained", Boolean, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("citations", JSON, nullable=False),
    Column("rule", String(64)),
    Column("created", DateTime(timezone=True), nullable=False),
)
Table("schema_version", _VERSION_1, Column("version", Integer, nullable=False))


def test_a_version_1_database_gets_languages_and_keeps_its_replies_as_english(database_url):
    engine = create_engine(database_url)
    _VERSION_1.create_all(engine)
    old = row("how do refunds work?", "lookup")
    kept = {key: value for key, value in old.items() if key != "language"}
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO schema_version (version) VALUES (1)"))
        connection.execute(insert(_REPLIES_1).values(kept))
    engine.dispose()
    migrated = Store.open(database_url)
    try:
        assert migrated.schema_version() == SCHEMA_VERSION == 2
        with migrated.engine.connect() as connection:
            columns = {c["name"] for c in migrated.engine.dialect.get_columns(connection, "replies")}
            # The hourly counts are made from the replies already kept.
            counted = connection.execute(select(reply_counts.c.kind, reply_counts.c.language)).all()
            cited = connection.execute(select(clause_counts.c.clause, clause_counts.c.replies)).all()
        assert "language" in columns
        assert counted == [("lookup", "en")] and cited == [("refund-policy/for-coursera-plus", 1)]
        spanish = row("¿puedo pedir un reembolso?", "lookup", language="es")
        migrated.add_replies([spanish])
        found = {reply_id: migrated.reply(reply_id) for reply_id in (old["id"], spanish["id"])}
        # NULL, recorded before languages, reads as English.
        assert {reply_id: kept.language for reply_id, kept in found.items() if kept} == {
            old["id"]: "en",
            spanish["id"]: "es",
        }
    finally:
        migrated.close()


def test_replicas_starting_together_all_open_the_database(database_url):
    opened: list[Store] = []
    failed: list[BaseException] = []

    def start() -> None:
        try:
            opened.append(Store.open(database_url))
        except BaseException as error:
            failed.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for each in opened:
        each.close()
    assert not failed and len(opened) == 4


def test_replies_come_back_as_they_went_in(store):
    rows = [
        row(f"question {n}", kind) for n, kind in enumerate(["lookup", "rule", "declined", "follow_up"] * 60)
    ]
    store.add_replies(rows)  # more than one INSERT's worth
    for kept in (rows[0], rows[1], rows[-1]):
        got = store.reply(kept["id"])
        assert got is not None
        assert (got.question, got.answer, got.kind, got.citations, got.rule) == (
            kept["question"],
            kept["answer"],
            kept["kind"],
            kept["citations"],
            kept["rule"],
        )
        assert got.created == kept["created"] and got.created.tzinfo is not None
    assert store.reply(new_id()) is None


def test_feedback_is_listed_newest_first_with_its_question(store):
    answered, declined = row("how do refunds work?", "lookup"), row("can I pay in bitcoin?")
    store.add_replies([answered, declined])
    store.add_feedback(answered["id"], "up", None)
    store.add_feedback(declined["id"], "down", "I needed to know")
    entries = store.feedback()
    assert [(e.reply_id, e.rating, e.question) for e in entries] == [
        (declined["id"], "down", "can I pay in bitcoin?"),
        (answered["id"], "up", "how do refunds work?"),
    ]
    assert entries[0].comment == "I needed to know" and entries[0].kind == "declined"
    assert [e.reply_id for e in store.feedback(rating="up")] == [answered["id"]]
    assert len(store.feedback(limit=1)) == 1


def test_feedback_on_an_unknown_reply_keeps_nothing(store):
    kept = row()
    store.add_replies([kept])
    rated = store.add_feedback(kept["id"], "down", None)
    assert rated is not None and (rated.reply_id, rated.rating, rated.comment) == (kept["id"], "down", None)
    assert rated.created.tzinfo is not None and [e.id for e in store.feedback()] == [rated.id]
    assert store.add_feedback(new_id(), "up", "lost") is None
    assert [e.id for e in store.feedback()] == [rated.id]


def test_tickets_open_list_and_close(store):
    last = Reply(
        answer="According to Refund policy [1]: “…”",
        abstained=False,
        citations=[
            Citation(n=1, id="refund-policy", title="Refund policy", quote="…", url="/terms#refund-policy")
        ],
        retrieved=[],
    )
    transcript = [Turn(role="user", content="refund?"), Turn(role="assistant", content="…")]
    first = store.open_ticket(transcript, "learner@example.com", last)
    second = store.open_ticket([Turn(role="user", content="talk to a human")], None, None)
    assert first.status == "open" and first.last_reply == last and first.transcript == transcript
    assert [t.id for t in store.tickets()] == [first.id, second.id]  # the longest waiting first
    closed = store.close_ticket(first.id)
    assert closed is not None and closed.status == "closed" and closed.closed is not None
    assert store.close_ticket(first.id).closed == closed.closed  # closing again changes nothing
    assert [t.id for t in store.tickets()] == [second.id]
    assert [t.id for t in store.tickets(status="closed")] == [first.id]
    assert len(store.tickets(status=None)) == 2
    assert store.close_ticket(10_000) is None and store.ticket(10_000) is None
    assert store.ticket(second.id).email is None


def test_gap_questions_are_the_declined_and_the_rated_down(store):
    old = row("an old decline", created=now() - timedelta(days=40))
    declined = row("can I pay in bitcoin?")
    disliked = row("what is the refund window?", "lookup")
    liked = row("can I share my account?", "lookup")
    changed_mind = row("do certificates expire?", "lookup")
    store.add_replies([old, declined, disliked, liked, changed_mind])
    store.add_feedback(disliked["id"], "down", None)
    store.add_feedback(liked["id"], "up", None)
    store.add_feedback(declined["id"], "down", None)
    store.add_feedback(changed_mind["id"], "down", None)
    store.add_feedback(changed_mind["id"], "up", None)  # the latest rating counts
    found = store.gap_questions(now() - timedelta(days=30))
    assert {(g.question, g.declined, g.rated_down) for g in found} == {
        ("can I pay in bitcoin?", True, True),
        ("what is the refund window?", False, True),
    }
    assert found == sorted(found, key=lambda g: g.created, reverse=True)
    assert len(store.gap_questions(now() - timedelta(days=30), limit=1)) == 1
    assert store.gap_questions(datetime(2000, 1, 1, tzinfo=UTC), limit=10)[-1].question == "an old decline"
