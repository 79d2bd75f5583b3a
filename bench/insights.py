"""`make bench-insights`: `GET /api/insights` over 200,000 recorded replies, on SQLite and on PostgreSQL.

The replies (with ratings and tickets in proportion) are written straight into a fresh database
the way the recorder writes them, spread over the last 30 days, so the default range covers
every one: the worst case for the counts. Then the real server (`assistant serve`) is started on
that database and the API is asked for the default range again and again, one request at a time;
the first request (whose gap questions the encoder has not seen yet) is reported apart.

PostgreSQL is measured when a URL is given (`--postgresql`, or ASSISTANT_BENCH_DATABASE_URL, or
the tests' ASSISTANT_TEST_DATABASE_URL); its tables are dropped and made afresh.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from assistant.models import new_id
from assistant.support.records import Kind, ReplyRow
from assistant.support.store import Store, feedback, metadata, tickets
from bench.__main__ import BIN, free_port, stop, wait_ready

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "insights-results.json"
TOKEN = "bench-insights-token"
TARGET_MS = 300
# The mix of outcomes, of languages and of rules, and how often a reply is rated or handed off.
KINDS: dict[Kind, float] = {"lookup": 0.55, "rule": 0.15, "declined": 0.15, "follow_up": 0.1, "handoff": 0.05}
LANGUAGES = {"en": 0.8, "es": 0.1, "hi": 0.05, "pt-BR": 0.05}
RULES = ("refund_eligibility", "registration_expiry", "specialization_deadline", "liability_cap")
RATED, RATED_DOWN, TICKETS = 0.05, 0.3, 0.02


def golden_questions() -> tuple[list[str], list[str]]:
    """The golden set's in-scope and out-of-scope questions: what the replies answer or decline."""
    from assistant.evaluation.golden import load_golden

    golden = load_golden(ROOT / "tests" / "golden")
    return [case.question for case in golden.lookups], [case.question for case in golden.out_of_scope]


def clause_ids() -> list[str]:
    from assistant.settings import Settings
    from assistant.terms.chunks import chunk_documents
    from assistant.terms.page import load_documents

    return [chunk.id for chunk in chunk_documents(load_documents(Settings().corpus_dir))]


def fill(store: Store, count: int, days: int = 30, seed: int = 7) -> dict[str, int]:
    """Record `count` replies over the last `days` days (and ratings and tickets for some); the
    number of rows written to each table."""
    pick = random.Random(seed)
    asked, declined = golden_questions()
    clauses = clause_ids()
    pick.shuffle(clauses)
    # Clauses are cited as people ask: a few often, most rarely.
    weights = [1 / (rank + 1) for rank in range(len(clauses))]
    kinds, kind_weights = list(KINDS), list(KINDS.values())
    tags, tag_weights = list(LANGUAGES), list(LANGUAGES.values())
    answer = "According to Refund Policy › For Coursera Plus [1]: “" + "to get a full refund … " * 12 + "”"
    # From the first moment of the default range (today and the 29 days before it) to now.
    end = datetime.now(UTC)
    start = datetime.combine(end.date() - timedelta(days=days - 1), datetime.min.time(), UTC)
    span = (end - start).total_seconds()
    times = sorted(start + timedelta(seconds=pick.uniform(0, span - 120)) for _ in range(count))
    rows: list[ReplyRow] = []
    rated: list[tuple[str, datetime]] = []
    for created in times:
        kind = pick.choices(kinds, kind_weights)[0]
        cited = (
            []
            if kind in ("declined", "handoff")
            else pick.choices(clauses, weights, k=pick.choice((1, 1, 2)))
        )
        row = ReplyRow(
            id=new_id(),
            question=pick.choice(declined if kind == "declined" else asked),
            answer="Coursera's terms don't cover this." if kind == "declined" else answer,
            abstained=kind == "declined",
            kind=kind,
            citations=list(dict.fromkeys(cited)),
            rule=pick.choice(RULES) if kind == "rule" else None,
            created=created,
            language=pick.choices(tags, tag_weights)[0],
        )
        rows.append(row)
        if pick.random() < RATED:
            rated.append((row["id"], created))
        if len(rows) == 1000:
            store.add_replies(rows)
            rows = []
    store.add_replies(rows)
    ratings = [
        {
            "reply_id": reply_id,
            "rating": "down" if pick.random() < RATED_DOWN else "up",
            "comment": None,
            "created": created + timedelta(seconds=30),
        }
        for reply_id, created in rated
    ]
    opened = [
        {
            "status": "open",
            "email": None,
            "transcript": [{"role": "user", "content": pick.choice(declined)}],
            "last_reply": None,
            "created": created + timedelta(seconds=60),
        }
        for created in times
        if pick.random() < TICKETS
    ]
    with store.engine.begin() as connection:
        for first in range(0, len(ratings), 5000):
            connection.execute(feedback.insert(), ratings[first : first + 5000])
        for first in range(0, len(opened), 5000):
            connection.execute(tickets.insert(), opened[first : first + 5000])
    return {"replies": count, "feedback": len(ratings), "tickets": len(opened)}


def fresh(url: str) -> Store:
    """The store at `url`, emptied and made afresh at the current schema."""
    from assistant.support.store import make_engine

    engine = make_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    return Store.open(url)


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(url: str, pid: int, runs: int) -> dict[str, float]:
    """Milliseconds for `GET /api/insights` (default range) on the server at `url`: the first
    request, then the median and p95 of `runs` more, and the server's CPU time for each (the
    part other work on the machine does not move; PostgreSQL's own is not in it)."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:

        def once() -> float:
            started = time.perf_counter()
            response = client.get("/api/insights")
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            return elapsed * 1000

        first = once()
        cpu = cpu_seconds(pid)
        times = [once() for _ in range(runs)]
        cpu = cpu_seconds(pid) - cpu
        csv_times = []
        for _ in range(max(3, runs // 5)):
            started = time.perf_counter()
            client.get("/api/insights.csv").raise_for_status()
            csv_times.append((time.perf_counter() - started) * 1000)
        body = client.get("/api/insights").json()
    return {
        "first_ms": round(first, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "server_cpu_ms": round(1000 * cpu / runs, 1),
        "csv_p50_ms": round(statistics.median(csv_times), 1),
        "runs": runs,
        "questions_counted": body["totals"]["questions"],
    }


@contextmanager
def serving(database: str) -> Iterator[tuple[str, int]]:
    """`assistant serve` (as `make run` starts it) on `database`; its base URL and process id."""
    url = f"http://127.0.0.1:{(port := free_port())}"
    env = dict(
        os.environ,
        ASSISTANT_DATABASE_URL=database,
        ASSISTANT_AGENT_TOKEN=TOKEN,
        ASSISTANT_LOG_LEVEL="warning",
        ASSISTANT_RATE_LIMIT="off",  # one client asking again and again: not what the limit is for
        HF_HUB_OFFLINE="1",
    )
    command = [str(BIN / "assistant"), "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(url, server)
        yield url, server.pid
    finally:
        stop(server)


def bench_database(url: str, count: int, runs: int) -> dict:
    started = time.perf_counter()
    store = fresh(url)
    try:
        written = fill(store, count)
        if store.engine.dialect.name == "postgresql":
            # The planner's statistics, and the visibility map that lets a scan read the index
            # alone: autovacuum makes both soon after a bulk insert; here they are made at once.
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        dialect = store.engine.dialect.name
    finally:
        store.close()
    filled = time.perf_counter() - started
    print(f"{dialect}: recorded {written} in {filled:.1f} s; starting the server", flush=True)
    with serving(url) as (served, pid):
        figures = measure(served, pid, runs)
    # The machine's load while measuring: other work on a shared machine moves the tail.
    load = round(os.getloadavg()[0], 2)
    return {"database": dialect, **written, "fill_s": round(filled, 1), **figures, "load_average": load}


def table(results: list[dict]) -> str:
    lines = [
        f"{'database':<11} {'replies':>8} {'first':>8} {'p50':>8} {'p95':>8} {'cpu':>8} {'csv p50':>8}"
        f" {'load':>5}  target",
        "-" * 80,
    ]
    for r in results:
        verdict = "ok" if r["p95_ms"] <= TARGET_MS else f"over {TARGET_MS} ms"
        lines.append(
            f"{r['database']:<11} {r['replies']:>8,} {r['first_ms']:>6} ms {r['p50_ms']:>5} ms "
            f"{r['p95_ms']:>5} ms {r['server_cpu_ms']:>5} ms {r['csv_p50_ms']:>5} ms "
            f"{r['load_average']:>5}  {verdict}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument(
        "--postgresql",
        default=os.environ.get("ASSISTANT_BENCH_DATABASE_URL")
        or os.environ.get("ASSISTANT_TEST_DATABASE_URL"),
        help="A PostgreSQL URL to measure too (its tables are dropped).",
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-insights-") as directory:
        results.append(bench_database(f"sqlite:///{directory}/assistant.db", args.replies, args.runs))
    if args.postgresql:
        results.append(bench_database(args.postgresql, args.replies, args.runs))
    else:
        print("PostgreSQL not measured: give --postgresql URL (or set ASSISTANT_BENCH_DATABASE_URL)")
    print(table(results))
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(r["p95_ms"] <= TARGET_MS for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
