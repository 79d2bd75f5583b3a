"""Recording what the assistant does, off the request path: one writer thread drains a queue.

A request only appends to the queue (well under a microsecond); the thread parses, classifies,
counts and writes the replies in batches, one transaction each. Feedback and tickets go through
the same thread, in order after the replies they refer to, and their callers await the result.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from assistant.models import Reply
from assistant.support.failures import database_reason
from assistant.support.records import KINDS, ReplyRow, reply_kind
from assistant.support.reply_bytes import REPLY_ID_END, REPLY_ID_PREFIX, reply_id_of
from assistant.support.store import DEFAULT_LANGUAGE, LANGUAGE_LENGTH, Store

log = logging.getLogger(__name__)
T = TypeVar("T")

# Replies per transaction: enough to keep up with thousands a second, small enough to commit often.
MAX_BATCH = 1000
# Seconds a first reply waits for others to share its transaction. Feedback and tickets, whose
# callers wait, open no such window (at worst they wait out one already begun).
BATCH_WINDOW = 0.05
# Past this many waiting, the database is not keeping up: drop and count, rather than grow unbounded.
MAX_PENDING = 100_000
# Attempts at a batch while the database is unreachable, with a growing pause between them.
ATTEMPTS = 3
# Repeated questions remembered, parsed, so that a repeat costs a dict look-up, not a parse. A
# reply's JSON opens with its id (see reply_bytes.REPLY_ID_PREFIX), so what follows it is the same
# every time a question is answered again. The memory is bounded by what the entries hold, not
# only by their count (4,096 distinct 56 KiB chats once held 330 MB): at most MAX_REMEMBERED
# entries and MAX_REMEMBERED_BYTES of keys and row text, about 20 MB in all with Python's own
# overheads (tests/support/test_writer.py measures it). A request over MAX_REMEMBERED_REQUEST (a
# long conversation, seldom sent twice byte for byte) is parsed every time instead.
MAX_REMEMBERED = 4096
MAX_REMEMBERED_BYTES = 16 * 2**20
MAX_REMEMBERED_REQUEST = 8 * 2**10


class _Cited(BaseModel):
    id: str


class _Named(BaseModel):
    name: str


class _Summary(BaseModel):
    """The parts of a reply's JSON that are kept (`retrieved`, the bulk of it, is skipped)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    answer: str
    abstained: bool
    citations: list[_Cited]
    rule: _Named | None = None
    follow_up: dict[str, Any] | None = None
    handoff: bool = False
    language: Any = None  # read by `_language`, which refuses what does not fit the column


class _Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: str
    content: str


class _Asked(BaseModel):
    model_config = ConfigDict(extra="ignore")

    messages: list[_Turn]


def _language(tag: Any) -> str:
    """The reply's BCP 47 tag, or English when it gives none (or one that is not a short string:
    a value the column refuses would cost the whole batch)."""
    if isinstance(tag, str) and 0 < len(tag) <= LANGUAGE_LENGTH:
        return tag
    return DEFAULT_LANGUAGE


def _row(question: str, reply: _Summary | Reply, at: float) -> ReplyRow:
    rule = reply.rule.name if reply.rule else None
    kind = reply_kind(reply.abstained, rule is not None, reply.follow_up is not None, reply.handoff)
    return ReplyRow(
        id=reply.id,
        question=question,
        answer=reply.answer,
        abstained=reply.abstained,
        kind=kind,
        citations=[cited.id for cited in reply.citations],
        rule=rule,
        created=datetime.fromtimestamp(at, UTC),
        # Replies say which language they used once the multilingual replies land; until then
        # (and for a Reply model without the field) they are English.
        language=_language(getattr(reply, "language", None)),
    )


def _chat_row(request: bytes, reply: bytes, at: float) -> ReplyRow:
    asked = _Asked.model_validate_json(request).messages[-1].content
    return _row(asked, _Summary.model_validate_json(reply), at)


class Recorder:
    """The store, and the queue and writer thread in front of it.

    The app's lifespan opens both at start (`open`: the schema is created or migrated then) and
    drains the queue at shutdown (`close`). Without a lifespan (an ASGI test transport) they open
    on first use, as the model does.
    """

    def __init__(self, database: str, log_messages: bool = False) -> None:
        self.database = database
        self.log_messages = log_messages
        # Counted by the writer thread, read by the metrics when scraped.
        self.recorded = dict.fromkeys(KINDS, 0)
        self.dropped = 0
        self._queue: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._store: Store | None = None
        self._lock = threading.Lock()
        # (request, reply after its id) → the row it makes; used by the writer thread only. The
        # bytes themselves are the key: hashing them into a digest costs the writer more than it
        # can spare at thousands of replies a second. `_remembered_bytes` is what they hold.
        self._remembered: dict[tuple[bytes, bytes], ReplyRow] = {}
        self._remembered_bytes = 0

    @property
    def store(self) -> Store:
        """The store, for reads (writes go through the queue)."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = Store.open(self.database)
        return self._store

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    # On the request path: append and return.

    def chat_reply(self, request: bytes, reply: bytes) -> None:
        """A `/api/chat` reply as the reply cache saw it: the request's and the reply's JSON bytes."""
        self._put(("chat", request, reply, time.time()))

    def reply(self, question: str, reply: Reply) -> None:
        """A reply made elsewhere (the stream, the OpenAI-compatible API), to the question it answered."""
        self._put(("reply", question, reply, time.time()))

    def call(self, work: Callable[[Store], T]) -> Future[T]:
        """Run `work(store)` on the writer thread, after everything queued before it."""
        future: Future[T] = Future()
        self._put(("call", work, future))
        return future

    async def run(self, work: Callable[[Store], T]) -> T:
        """`call`, awaited without holding up the event loop."""
        return await asyncio.wrap_future(self.call(work))

    def flush(self, timeout: float = 10) -> None:
        """Wait until everything queued so far is written."""
        self.call(lambda store: None).result(timeout)

    def _drop(self, count: int = 1) -> None:
        # Both the request path and the writer thread drop: the sum must not lose either's.
        with self._lock:
            self.dropped += count

    def _put(self, item: tuple[Any, ...]) -> None:
        if self._thread is None:
            self.open()
        if item[0] != "call" and self._queue.qsize() >= MAX_PENDING:
            self._drop()
            return
        self._queue.put(item)

    # The writer thread.

    def open(self) -> None:
        """Open the store (creating or migrating its schema) and start the writer thread."""
        with self._lock:
            if self._thread is not None:
                return
        store = self.store
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, args=(store,), name="recorder", daemon=True)
                self._thread.start()

    def close(self, timeout: float = 30) -> None:
        """Write what is queued, stop the thread and let go of the database."""
        with self._lock:
            thread, self._thread = self._thread, None
            store, self._store = self._store, None
        if thread is not None:
            self._queue.put(("stop",))
            thread.join(timeout)
        if store is not None:
            store.close()

    def _run(self, store: Store) -> None:
        while True:
            items = [self._queue.get()]
            if items[0][0] in ("chat", "reply"):
                # Let a batch gather: a transaction costs far more than a row, so under load
                # hundreds of replies share one, and a lone reply waits a moment, unseen.
                time.sleep(BATCH_WINDOW)
            while len(items) < MAX_BATCH:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            rows: list[ReplyRow] = []
            for item in items:
                kind = item[0]
                if kind in ("chat", "reply"):
                    row = self._parse(item)
                    if row is not None:
                        rows.append(row)
                    continue
                self._write(store, rows)  # what was asked before comes first
                rows = []
                if kind == "stop":
                    return
                _, work, future = item
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(work(store))
                    except BaseException as error:  # the caller hears of it
                        future.set_exception(error)
            self._write(store, rows)

    def _parse(self, item: tuple[Any, ...]) -> ReplyRow | None:
        try:
            if item[0] == "chat":
                row = self._chat_row(*item[1:])
            else:
                _, asked, reply, at = item
                row = _row(asked, reply, at)
        except ValueError as error:
            # The error would quote the request, and so the learner's words: only its kind is logged.
            log.error("a reply could not be read to be recorded (%s)", type(error).__name__)
            self._drop()
            return None
        self.recorded[row["kind"]] += 1
        if self.log_messages:
            log.info("reply", extra={"reply_id": row["id"], "kind": row["kind"], "question": row["question"]})
        return row

    def _chat_row(self, request: bytes, reply: bytes, at: float) -> ReplyRow:
        """The row for a `/api/chat` reply; a question asked again (the reply cache's bread and
        butter) reuses the row parsed the first time, with its own id and time."""
        if not reply.startswith(REPLY_ID_PREFIX) or len(request) > MAX_REMEMBERED_REQUEST:
            return _chat_row(request, reply, at)
        key = (request, reply[REPLY_ID_END:])
        known = self._remembered.get(key)
        if known is None:
            known = _chat_row(request, reply, at)
            size = (
                len(request) + len(key[1]) + sys.getsizeof(known["question"]) + sys.getsizeof(known["answer"])
            )
            if (
                len(self._remembered) >= MAX_REMEMBERED
                or self._remembered_bytes + size > MAX_REMEMBERED_BYTES
            ):
                # Cheaper than an LRU, and a refill costs one parse each.
                self._remembered.clear()
                self._remembered_bytes = 0
            self._remembered[key] = known
            self._remembered_bytes += size
            return known
        return {
            **known,
            "id": reply_id_of(reply),
            "created": datetime.fromtimestamp(at, UTC),
        }

    def _write(self, store: Store, rows: list[ReplyRow]) -> None:
        for attempt in range(ATTEMPTS):
            try:
                store.add_replies(rows)
                return
            except IntegrityError:
                break  # one bad row spoils the batch: write them one by one below
            except SQLAlchemyError as error:
                if attempt == ATTEMPTS - 1:
                    reason = database_reason(error) or type(error).__name__
                    log.exception(
                        "dropped %d replies: the database could not be written (%s)", len(rows), reason
                    )
                    self._drop(len(rows))
                    return
                time.sleep(0.5 * 2**attempt)
        for row in rows:
            try:
                store.add_replies([row])
            except SQLAlchemyError as error:
                reason = database_reason(error) or type(error).__name__
                log.exception("dropped reply %s: the database refused it (%s)", row["id"], reason)
                self._drop()
