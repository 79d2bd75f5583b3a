"""`make soak`: the real server under mixed traffic for a while (10 minutes by default) at 16
clients, with each minute's requests, errors, p50/p99 latency and the server's RSS printed as it
goes. It fails when any request fails, the server logs a traceback, or RSS grows by 64 MB or
more after the warm-up.

The warm-up comes first: rows of the same traffic, until the reply cache has missed as many
times as it has room for (ASSISTANT_REPLY_CACHE_SIZE), or ten minutes. The caches bounded by
design (the replies, the query vectors, the recorder's memory of repeated replies) are then
full, and every kind of request has had its allocations made, so what grows after it is what a
leak would be. (New questions alone fill the caches faster, but leave the rest of the mix cold:
a run warmed that way grew 95 MB in the mix's first four minutes, caches full, then held.) The
growth is measured from the warm-up's last row; the warm-up's own growth is printed too.
SOAK_ONLY (--only) narrows the traffic to one kind of request, to tell which part of it holds on
to memory; a kind that asks no new question warms up for one row.

Load comes from wrk, as in `make bench`: a minute-long run per row, so each row is that
minute's own figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.server import free_port, memory_mb, questions, stop, wait_ready

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
GROWTH_LIMIT_MB = 64
# The warm-up ends by this, full or not (the output then says so).
WARM_UP_LIMIT_S = 600
WIDTHS = (7, 9, 7, 7, 8, 8, 8, 7)
KINDS = ("new", "repeat", "stream", "search", "clause", "feedback", "page")


def inputs(work: Path) -> dict[str, str]:
    """The files soak.lua reads: the questions (JSON-escaped and URL-encoded) and the clause ids."""
    from assistant.search.index import load_index
    from assistant.settings import Settings

    lines = [f"{json.dumps(q)[1:-1]}\t{quote(q)}" for q in questions()]
    (work / "questions.tsv").write_text("\n".join(lines) + "\n")
    ids = [quote(chunk.id, safe="/") for chunk in load_index(Settings().index_dir).chunks]
    (work / "clauses.txt").write_text("\n".join(ids) + "\n")
    return {"SOAK_QUESTIONS": str(work / "questions.tsv"), "SOAK_CLAUSES": str(work / "clauses.txt")}


def load(url: str, clients: int, seconds: int, env: dict[str, str]) -> dict:
    """One wrk run of `seconds`; its summary (soak.lua's `done`)."""
    tag = "".join(random.choices(string.ascii_lowercase, k=6))
    script = str(HERE / "soak.lua")
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", script, url]
    output = subprocess.run(
        command, env={**os.environ, **env, "SOAK_RUN": tag}, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def cache_misses(url: str, token: str) -> int:
    """How many chat requests the server's reply cache has not held (each one is then kept)."""
    scraped = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    scraped.raise_for_status()
    for line in scraped.text.splitlines():
        if line.startswith("assistant_reply_cache_misses_total "):
            return int(float(line.split()[1]))
    raise SystemExit("/metrics has no assistant_reply_cache_misses_total: the warm-up can't tell when to end")


def row(label: str, result: dict, rss: float, base: float) -> dict:
    """A printed row: one wrk run's figures, and the server's RSS after it against `base`."""
    return {
        "minute": label,
        "requests": result["requests"],
        "rps": round(result["requests"] / result["seconds"], 1),
        "errors": sum(result["errors"].values()),
        "status_4xx": result["status_4xx"],
        "status_5xx": result["status_5xx"],
        "p50_ms": round(result["p50_ms"], 2),
        "p99_ms": round(result["p99_ms"], 2),
        "rss_mb": rss,
        "growth_mb": round(rss - base, 1),
    }


def show(line: dict) -> None:
    values = (
        line["minute"],
        line["requests"],
        f"{line['rps']:.1f}",
        line["errors"],
        f"{line['p50_ms']:.2f}",
        f"{line['p99_ms']:.2f}",
        f"{line['rss_mb']:.1f}",
        f"{line['growth_mb']:+.1f}",
    )
    print(" ".join(f"{v:>{w}}" for v, w in zip(values, WIDTHS, strict=True)), flush=True)


def main() -> None:
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10, help="minutes of mixed traffic after the warm-up")
    parser.add_argument("--clients", type=int, default=16, help="connections kept busy")
    parser.add_argument("--seconds-per-row", type=int, default=60, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, default=HERE / "soak.json")
    parser.add_argument(
        "--only", choices=KINDS, help="send only this kind of request (to tell which part holds memory)"
    )
    args = parser.parse_args()
    if args.minutes < 1:
        parser.error("--minutes must be at least 1")
    if not shutil.which("wrk"):
        raise SystemExit("make soak needs wrk: sudo apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    env = {**inputs(work), "SOAK_ONLY": args.only or ""}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    token = secrets.token_urlsafe(16)
    server_env = {
        **os.environ,
        "ASSISTANT_RATE_LIMIT": "off",  # one address stands for 16 learners
        "ASSISTANT_LOG_LEVEL": "warning",
        "ASSISTANT_DATA_DIR": str(work / "data"),  # what is recorded goes with the run
        "ASSISTANT_METRICS_TOKEN": token,  # the warm-up reads the reply cache's misses
    }
    room = Settings().reply_cache_size  # the server's: it reads the same environment
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "assistant"), "serve", "--port", str(port)], env=server_env, stdout=log, stderr=log
    )
    warm: list[dict] = []
    rows: list[dict] = []
    try:
        wait_ready(url, server)
        ready = memory_mb(server.pid)
        print(f"soak on {url}: {args.clients} clients; RSS at ready {ready:.1f} MB", flush=True)
        columns = ("minute", "requests", "req/s", "errors", "p50 ms", "p99 ms", "RSS MB", "growth")
        print(" ".join(f"{c:>{w}}" for c, w in zip(columns, WIDTHS, strict=True)), flush=True)
        # The warm-up: the same traffic, a row at a time, until the reply cache has missed as many
        # times as it has room for (or WARM_UP_LIMIT_S). Its rows' growth is from ready.
        fills = args.only in (None, "new")  # what else is sent asks no new question
        started = time.monotonic()
        misses = 0
        while not warm or (fills and misses < room and time.monotonic() - started < WARM_UP_LIMIT_S):
            result = load(url, args.clients, args.seconds_per_row, env)
            warm.append(row(f"warm {len(warm) + 1}", result, memory_mb(server.pid), ready))
            show(warm[-1])
            misses = cache_misses(url, token)
        full = misses >= room
        if fills and not full:
            print(f"(the warm-up ended with the reply cache not full: {misses} misses of {room})", flush=True)
        base = warm[-1]["rss_mb"]
        for number in range(1, args.minutes + 1):
            result = load(url, args.clients, args.seconds_per_row, env)
            rows.append(row(str(number), result, memory_mb(server.pid), base))
            show(rows[-1])
    finally:
        stop(server)
        log.close()
    tracebacks = (work / "server.log").read_text(errors="replace").count("Traceback")
    growth = max(line["rss_mb"] for line in rows) - base
    errors = sum(line["errors"] for line in warm + rows)
    summary = {
        "clients": args.clients,
        "minutes": args.minutes,
        "only": args.only,
        "rss_at_ready_mb": ready,
        "warm_up": {"rows": warm, "reply_cache_misses": misses, "reply_cache_size": room, "full": full},
        "rows": rows,
        "errors": errors,
        "tracebacks_in_server_log": tracebacks,
        "rss_growth_in_warm_up_mb": round(base - ready, 1),
        "rss_growth_after_warm_up_mb": round(growth, 1),
        "peak_rss_mb": max(line["rss_mb"] for line in warm + rows),
    }
    args.output.write_text(json.dumps(summary, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    requests = sum(line["requests"] for line in warm + rows)
    print(
        f"\n{requests} requests, {errors} errors, {tracebacks} tracebacks in the server's log; RSS growth "
        f"in the warm-up {base - ready:+.1f} MB, after it {growth:+.1f} MB (limit {GROWTH_LIMIT_MB} MB)"
    )
    print(f"written to {args.output}")
    if errors or tracebacks or growth >= GROWTH_LIMIT_MB:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
