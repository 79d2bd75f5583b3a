"""The database behind recorded replies, feedback and tickets: SQLAlchemy 2 on SQLite or PostgreSQL.

The schema is created at start and migrated forward by version: `schema_version` holds the
version a database is at, and `MIGRATIONS` the steps that bring an older one up to date.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    FunctionElement,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    exists,
    func,
    insert,
    literal,
    make_url,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.ext.compiler import compiles

from assistant.models import Reply
from assistant.support.records import (
    Feedback,
    FeedbackEntry,
    GapQuestion,
    RecordedReply,
    ReplyRow,
    ReviewedReply,
    Ticket,
    Turn,
)

SCHEMA_VERSION = 2
# The language of a reply that says none: every reply was English before replies said which.
DEFAULT_LANGUAGE = "en"
# Room for any tag in use (`zh-Hant-TW` is 10 characters).
LANGUAGE_LENGTH = 16
# Rows per INSERT of recorded replies: 100 × 9 values stays under SQLite's oldest limit of 999
# parameters to a statement.
ROWS_PER_INSERT = 100
# Any constant will do: it names the PostgreSQL advisory lock that replicas starting together
# take, so that one of them migrates and the others find the work done.
_MIGRATION_LOCK = 7_417_001

metadata = MetaData()

replies = Table(
    "replies",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("abstained", Boolean, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("citations", JSON, nullable=False),
    Column("rule", String(64)),
    Column("created", DateTime(timezone=True), nullable=False),
    # The BCP 47 tag of the language the reply was written in; NULL (replies recorded before
    # version 2) means English, the only language there was.
    Column("language", String(LANGUAGE_LENGTH)),
    # The gap report reads the declined replies of the last days. Only those are indexed: every
    # reply is inserted, thousands a second under load, and an index on all of them costs each.
    Index(
        "replies_declined",
        "created",
        sqlite_where=text("kind = 'declined'"),
        postgresql_where=text("kind = 'declined'"),
    ),
)

# The replies counted as they are written, in the same transaction: the insights add up a month's
# few thousand counts rather than count a month's hundreds of thousands of replies (200,000 took
# SQLite half a second to group by day; their counts take milliseconds). `hour` is the hours since
# 1970-01-01 00:00 UTC, so a day is `hour // 24` in either database; the clauses are counted by
# `day` alone (no chart asks for their hours), a 24th of the rows to add up.
reply_counts = Table(
    "reply_counts",
    metadata,
    Column("hour", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), primary_key=True),
    Column("language", String(LANGUAGE_LENGTH), primary_key=True),
    Column("rule", String(64), primary_key=True),  # '' when no rule answered: a key is never NULL
    Column("replies", Integer, nullable=False),
)

clause_counts = Table(
    "clause_counts",
    metadata,
    Column("day", Integer, primary_key=True, autoincrement=False),
    Column("clause", Text, primary_key=True),
    Column("replies", Integer, nullable=False, comment="Replies that cited the clause."),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("reply_id", String(32), ForeignKey("replies.id"), nullable=False, index=True),
    Column("rating", String(4), nullable=False),
    Column("comment", Text),
    Column("created", DateTime(timezone=True), nullable=False, index=True),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(8), nullable=False, index=True),
    Column("email", String(254)),
    Column("transcript", JSON, nullable=False),
    Column("last_reply", JSON),
    Column("created", DateTime(timezone=True), nullable=False, index=True),
    Column("closed", DateTime(timezone=True)),
)

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))


class epoch_hour(FunctionElement[int]):
    """The hours from 1970-01-01 00:00 UTC to a stored time, as each database reckons them."""

    type = Integer()
    inherit_cache = True


@compiles(epoch_hour, "sqlite")
def _sqlite_epoch_hour(element: epoch_hour, compiler: Any, **kw: Any) -> str:
    # SQLite keeps a time as UTC text, which strftime reads back.
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER) / 3600"


@compiles(epoch_hour, "postgresql")
def _postgresql_epoch_hour(element: epoch_hour, compiler: Any, **kw: Any) -> str:
    # date_part, not extract: since PostgreSQL 14 extract returns numeric, slower to reckon with.
    return f"CAST(floor(date_part('epoch', {compiler.process(element.clauses, **kw)}) / 3600) AS INTEGER)"


def hour_of(moment: datetime) -> int:
    """`epoch_hour` in Python."""
    return int(_utc(moment).timestamp()) // 3600


def cited_ids(dialect: str) -> Any:
    """`replies.citations` taken apart: one row per cited id, in a column named `value`."""
    if dialect == "postgresql":
        # The column is JSON, not JSONB, in PostgreSQL: JSON's own function reads it.
        return func.json_array_elements_text(replies.c.citations).table_valued("value")
    return func.json_each(replies.c.citations).table_valued("value")


def _add_languages(connection: Connection) -> None:
    """Version 2: the language of each reply, the counts (made from the replies kept so far)
    and the indexes the insights read."""
    connection.execute(text(f"ALTER TABLE replies ADD COLUMN language VARCHAR({LANGUAGE_LENGTH})"))
    for index in (*feedback.indexes, *tickets.indexes):
        index.create(connection, checkfirst=True)
    hour = epoch_hour(replies.c.created)
    language = func.coalesce(replies.c.language, DEFAULT_LANGUAGE)
    rule = func.coalesce(replies.c.rule, "")
    connection.execute(
        insert(reply_counts).from_select(
            ["hour", "kind", "language", "rule", "replies"],
            select(hour, replies.c.kind, language, rule, func.count()).group_by(
                hour, replies.c.kind, language, rule
            ),
        )
    )
    cited, day = cited_ids(connection.dialect.name), hour // 24
    connection.execute(
        insert(clause_counts).from_select(
            ["day", "clause", "replies"],
            select(day, cited.c.value, func.count(replies.c.id.distinct()))
            .select_from(replies)
            .join(cited, true())  # each reply with its own cited ids
            .group_by(day, cited.c.value),
        )
    )


# The steps from version n - 1 to n, run in order on an older database (create_all has already
# added any new table by then; a step alters what exists).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _add_languages}


class StoreProblem(Exception):
    """The database can't be used as it is (a schema newer than this code, say)."""


def now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    # SQLite keeps no time zone: what went in as UTC comes back naive.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its directory, a write-ahead log and a patient lock.

    Its errors never show the statement's parameters: they are what learners typed, and errors
    are logged.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _connect(connection: Any, record: Any) -> None:
        # SQLAlchemy, not the driver, starts transactions, so that DDL is transactional too.
        connection.isolation_level = None
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer takes the lock up front: one that reads first may be refused it half-way.
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def migrate(engine: Engine, attempts: int = 3) -> int:
    """Create the tables that are missing and bring the schema up to `SCHEMA_VERSION`; the version found."""
    for attempt in range(attempts):
        try:
            with engine.connect().execution_options(immediate=True) as connection, connection.begin():
                return _migrate(connection)
        except (OperationalError, ProgrammingError):
            # Another process migrating at the same moment: its work is done on the next try.
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _migrate(connection: Connection) -> int:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    metadata.create_all(connection)
    found = connection.execute(select(schema_version.c.version)).scalar_one_or_none()
    if found is None:
        connection.execute(insert(schema_version).values(version=SCHEMA_VERSION))
        return SCHEMA_VERSION
    if found > SCHEMA_VERSION:
        raise StoreProblem(
            f"the database is at schema version {found}, newer than this code's {SCHEMA_VERSION}: "
            "upgrade the assistant before pointing it at this database"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](connection)
    if found < SCHEMA_VERSION:
        connection.execute(update(schema_version).values(version=SCHEMA_VERSION))
    return found


class _ManyRows:
    """One INSERT statement of many rows, in the driver's own placeholders, the values converted
    by the columns' own SQLAlchemy types.

    The driver's executemany steps row by row, and the SQLite driver lets go of the GIL and takes
    it back at every row: under load the writer thread and the event loop then trade the GIL
    thousands of times a second, and both crawl (1,000 rows took 5 s beside a busy thread, 40 ms
    like this). SQLAlchemy's own multi-row insert would do, but compiles every batch afresh.
    """

    def __init__(self, table: Table, dialect: Any) -> None:
        names = [column.name for column in table.columns]
        # Each column's name and the conversion its type makes of a value (None: none needed).
        self.pairs = [
            (name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names
        ]
        # The shipped drivers' placeholders: sqlite3's qmark, psycopg's pyformat.
        mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
        self.head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
        self.row = "(" + ", ".join([mark] * len(names)) + ")"

    def execute(self, connection: Connection, rows: Sequence[Any]) -> None:
        for start in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[start : start + ROWS_PER_INSERT]
            values = tuple(
                convert(row[name]) if convert else row[name] for row in chunk for name, convert in self.pairs
            )
            connection.exec_driver_sql(self.head + ", ".join([self.row] * len(chunk)), values)


class Store:
    """Reads and writes the records. Writes come from one thread (the recorder); reads from any."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._replies = _ManyRows(replies, engine.dialect)

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to `url`, creating or migrating the schema."""
        engine = make_engine(url)
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(immediate=True) as connection, connection.begin():
            yield connection

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    def schema_version(self) -> int:
        with self._reading() as connection:
            return connection.execute(select(schema_version.c.version)).scalar_one()

    # Writes

    def add_replies(self, rows: Sequence[ReplyRow]) -> None:
        """Keep many replies, and add them to the counts, in one transaction."""
        if not rows:
            return
        replied: Counter[tuple[int, str, str, str]] = Counter()
        cited: Counter[tuple[int, str]] = Counter()
        for row in rows:
            hour = hour_of(row["created"])
            replied[hour, row["kind"], row["language"], row["rule"] or ""] += 1
            cited.update((hour // 24, clause) for clause in set(row["citations"]))
        with self._writing() as connection:
            self._replies.execute(connection, rows)
            # Always in this order, table by table and key by key: two replicas adding to the same
            # counts then lock them in the same order, and never deadlock.
            self._add_counts(connection, reply_counts, replied)
            self._add_counts(connection, clause_counts, cited)

    def _add_counts(self, connection: Connection, table: Table, counts: Counter[Any]) -> None:
        """Add `counts` (key → replies) to `table`'s, making the rows that are missing."""
        keys = [column.name for column in table.primary_key.columns]
        rows = [{**dict(zip(keys, key, strict=True)), "replies": n} for key, n in sorted(counts.items())]
        upsert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
        for start in range(0, len(rows), ROWS_PER_INSERT):
            statement = upsert(table).values(rows[start : start + ROWS_PER_INSERT])
            # One statement of many rows: executemany would go row by row (see _ManyRows).
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=keys, set_={"replies": table.c.replies + statement.excluded.replies}
                )
            )

    def add_feedback(self, reply_id: str, rating: str, comment: str | None) -> Feedback | None:
        """Rate a recorded reply; None when no reply has that id."""
        values = {"reply_id": reply_id, "rating": rating, "comment": comment, "created": now()}
        # INSERT ... SELECT from the reply's own row: one statement inserts nothing for an unknown id.
        rated = select(
            replies.c.id,
            literal(rating, feedback.c.rating.type),
            literal(comment, feedback.c.comment.type),
            literal(values["created"], feedback.c.created.type),
        ).where(replies.c.id == reply_id)
        statement = insert(feedback).from_select(list(values), rated).returning(feedback.c.id)
        with self._writing() as connection:
            number = connection.execute(statement).scalar_one_or_none()
        return Feedback.model_validate({**values, "id": number}) if number is not None else None

    def open_ticket(self, transcript: list[Turn], email: str | None, last_reply: Reply | None) -> Ticket:
        values = {
            "status": "open",
            "email": email,
            "transcript": [turn.model_dump() for turn in transcript],
            "last_reply": last_reply.model_dump(mode="json") if last_reply else None,
            "created": now(),
        }
        with self._writing() as connection:
            number = connection.execute(insert(tickets).values(values).returning(tickets.c.id)).scalar_one()
        return Ticket.model_validate({**values, "id": number})

    def close_ticket(self, ticket_id: int) -> Ticket | None:
        """Close a ticket (closing a closed one changes nothing); None when there is no such ticket."""
        with self._writing() as connection:
            connection.execute(
                update(tickets)
                .where(tickets.c.id == ticket_id, tickets.c.status == "open")
                .values(status="closed", closed=now())
            )
            row = connection.execute(select(tickets).where(tickets.c.id == ticket_id)).mappings().first()
        return _ticket(row) if row else None

    # Reads

    def reply(self, reply_id: str) -> RecordedReply | None:
        with self._reading() as connection:
            row = connection.execute(select(replies).where(replies.c.id == reply_id)).mappings().first()
        return _recorded(row) if row else None

    def reviewed(self, ids: Sequence[str]) -> list[ReviewedReply]:
        """The replies with these ids, the newest first, each with its latest rating."""
        latest = (
            select(feedback.c.reply_id, func.max(feedback.c.id).label("last"))
            .where(feedback.c.reply_id.in_(ids))
            .group_by(feedback.c.reply_id)
            .subquery()
        )
        query = (
            select(replies, feedback.c.rating)
            .outerjoin(latest, latest.c.reply_id == replies.c.id)
            .outerjoin(feedback, feedback.c.id == latest.c.last)
            .where(replies.c.id.in_(ids))
            .order_by(replies.c.created.desc())
        )
        with self._reading() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            ReviewedReply.model_validate({**_recorded(row).model_dump(), "rating": row["rating"]})
            for row in rows
        ]

    def feedback(self, rating: str | None = None, limit: int = 100) -> list[FeedbackEntry]:
        """The latest ratings first, each with its question and answer."""
        query = (
            select(feedback, replies.c.question, replies.c.answer, replies.c.kind)
            .join(replies, replies.c.id == feedback.c.reply_id)
            .order_by(feedback.c.id.desc())
            .limit(limit)
        )
        if rating is not None:
            query = query.where(feedback.c.rating == rating)
        with self._reading() as connection:
            rows = connection.execute(query).mappings().all()
        return [FeedbackEntry.model_validate({**row, "created": _utc(row["created"])}) for row in rows]

    def ticket(self, ticket_id: int) -> Ticket | None:
        with self._reading() as connection:
            row = connection.execute(select(tickets).where(tickets.c.id == ticket_id)).mappings().first()
        return _ticket(row) if row else None

    def tickets(self, status: str | None = "open", limit: int = 50) -> list[Ticket]:
        """Tickets, oldest first: the one waiting longest is answered first."""
        query = select(tickets).order_by(tickets.c.id).limit(limit)
        if status is not None:
            query = query.where(tickets.c.status == status)
        with self._reading() as connection:
            rows = connection.execute(query).mappings().all()
        return [_ticket(row) for row in rows]

    def gap_questions(
        self, since: datetime, limit: int = 1000, until: datetime | None = None
    ) -> list[GapQuestion]:
        """Questions since `since` (and before `until`) that were declined, or whose latest rating
        is down; newest first."""
        columns = (replies.c.id, replies.c.question, replies.c.abstained, replies.c.created)
        # Two queries rather than one with OR, so that each uses its index.
        in_range = [replies.c.created >= since]
        if until is not None:
            in_range.append(replies.c.created < until)
        declined = (
            select(*columns)
            .where(replies.c.kind == "declined", *in_range)
            .order_by(replies.c.created.desc())
            .limit(limit)
        )
        # From the ratings to their replies, the latest first, each reply found by its key (asking
        # for the replies whose id is among the rated made PostgreSQL read them all). A rating
        # counts when no later one of its reply's supersedes it, and comes after its reply: only
        # those since `since` can be of the replies wanted.
        later = feedback.alias("later")
        superseded = exists().where(later.c.reply_id == feedback.c.reply_id, later.c.id > feedback.c.id)
        down = (
            select(*columns)
            .select_from(feedback)
            .join(replies, replies.c.id == feedback.c.reply_id)
            .where(feedback.c.rating == "down", feedback.c.created >= since, ~superseded, *in_range)
            .order_by(feedback.c.id.desc())
            .limit(limit)
        )
        with self._reading() as connection:
            found = {row.id: row for row in connection.execute(declined)}
            down_ids = set()
            for row in connection.execute(down):
                found[row.id] = row
                down_ids.add(row.id)
        rows = sorted(found.values(), key=lambda row: _utc(row.created), reverse=True)[:limit]
        return [
            GapQuestion(
                reply_id=row.id,
                question=row.question,
                declined=row.abstained,
                rated_down=row.id in down_ids,
                created=_utc(row.created),
            )
            for row in rows
        ]


def _recorded(row: Any) -> RecordedReply:
    return RecordedReply.model_validate(
        {**row, "created": _utc(row["created"]), "language": row["language"] or DEFAULT_LANGUAGE}
    )


def _ticket(row: Any) -> Ticket:
    closed = _utc(row["closed"]) if row["closed"] is not None else None
    return Ticket.model_validate({**row, "created": _utc(row["created"]), "closed": closed})
