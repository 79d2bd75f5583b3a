"""`make soak`: the real server under mixed traffic for a while (10 minutes by default) at 16
clients, with each minute's requests, errors, p50/p99 latency and the server's RSS printed as it
goes. It fails when any request fails or RSS grows by 64 MB or more after the first minute's
warm-up (the caches filling).

Load comes from wrk, as in `make bench`: a minute-long run per row, so each row is that
minute's own figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from bench.server import free_port, memory_mb, questions, stop, wait_ready

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
GROWTH_LIMIT_MB = 64
WIDTHS = (6, 9, 7, 7, 8, 8, 8, 7)


def inputs(work: Path) -> dict[str, str]:
    """The files soak.lua reads: the questions (JSON-escaped and URL-encoded) and the clause ids."""
    from assistant.search.index import load_index
    from assistant.settings import Settings

    lines = [f"{json.dumps(q)[1:-1]}\t{quote(q)}" for q in questions()]
    (work / "questions.tsv").write_text("\n".join(lines) + "\n")
    ids = [quote(chunk.id, safe="/") for chunk in load_index(Settings().index_dir).chunks]
    (work / "clauses.txt").write_text("\n".join(ids) + "\n")
    return {"SOAK_QUESTIONS": str(work / "questions.tsv"), "SOAK_CLAUSES": str(work / "clauses.txt")}


def minute(url: str, clients: int, seconds: int, env: dict[str, str]) -> dict:
    tag = "".join(random.choices(string.ascii_lowercase, k=6))
    command = [
        "wrk",
        "-t2",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "soak.lua"),
        url,
    ]
    output = subprocess.run(
        command, env={**os.environ, **env, "SOAK_RUN": tag}, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10, help="how long to run (at least 2)")
    parser.add_argument("--clients", type=int, default=16, help="connections kept busy")
    parser.add_argument("--seconds-per-row", type=int, default=60, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, default=HERE / "soak.json")
    args = parser.parse_args()
    if args.minutes < 2:
        parser.error("--minutes must be at least 2: the first is the warm-up")
    if not shutil.which("wrk"):
        raise SystemExit("make soak needs wrk: sudo apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    env = inputs(work)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server_env = {
        **os.environ,
        "ASSISTANT_RATE_LIMIT": "off",  # one address stands for 16 learners
        "ASSISTANT_LOG_LEVEL": "warning",
        "ASSISTANT_DATA_DIR": str(work / "data"),  # what is recorded goes with the run
    }
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "assistant"), "serve", "--port", str(port)], env=server_env, stdout=log, stderr=log
    )
    rows: list[dict] = []
    try:
        wait_ready(url, server)
        print(
            f"soak: {args.minutes} × {args.seconds_per_row} s at {args.clients} clients on {url}", flush=True
        )
        columns = ("minute", "requests", "req/s", "errors", "p50 ms", "p99 ms", "RSS MB", "growth")
        print(" ".join(f"{c:>{w}}" for c, w in zip(columns, WIDTHS, strict=True)), flush=True)
        for number in range(1, args.minutes + 1):
            result = minute(url, args.clients, args.seconds_per_row, env)
            errors = sum(result["errors"].values())
            rss = memory_mb(server.pid)
            base = rows[0]["rss_mb"] if rows else rss
            row = {
                "minute": number,
                "requests": result["requests"],
                "rps": round(result["requests"] / result["seconds"], 1),
                "errors": errors,
                "status_4xx": result["status_4xx"],
                "status_5xx": result["status_5xx"],
                "p50_ms": round(result["p50_ms"], 2),
                "p99_ms": round(result["p99_ms"], 2),
                "rss_mb": rss,
                "growth_mb": round(rss - base, 1),
            }
            rows.append(row)
            print(
                f"{number:>6} {row['requests']:>9} {row['rps']:>7.1f} {errors:>7} {row['p50_ms']:>8.2f} "
                f"{row['p99_ms']:>8.2f} {rss:>8.1f} {row['growth_mb']:>+7.1f}",
                flush=True,
            )
    finally:
        stop(server)
        log.close()
    tracebacks = (work / "server.log").read_text(errors="replace").count("Traceback")
    growth = max(row["rss_mb"] for row in rows[1:]) - rows[0]["rss_mb"]
    errors = sum(row["errors"] for row in rows)
    summary = {
        "minutes": args.minutes,
        "clients": args.clients,
        "rows": rows,
        "errors": errors,
        "tracebacks_in_server_log": tracebacks,
        "rss_growth_after_warm_up_mb": round(growth, 1),
        "peak_rss_mb": max(row["rss_mb"] for row in rows),
    }
    args.output.write_text(json.dumps(summary, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"\n{sum(r['requests'] for r in rows)} requests, {errors} errors, {tracebacks} tracebacks in the "
        f"server's log; RSS growth after the first minute {growth:+.1f} MB (limit {GROWTH_LIMIT_MB} MB)"
    )
    print(f"written to {args.output}")
    if errors or tracebacks or growth >= GROWTH_LIMIT_MB:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
