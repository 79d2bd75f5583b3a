"""`make bench`: the real server measured beside the floors, in one run, printed and saved.

1. the bare encoder's single-query time (the floor for a distinct question);
2. the HTTP floor: a do-nothing FastAPI endpoint sending a reply of the same size;
3. /api/chat latency for one client asking distinct questions;
4. throughput and errors at 1, 4, 16 and 64 clients, distinct and repeated questions;
5. time from start to ready, and the server's peak memory;
6. the other languages (bench/languages.py): their encoders' single-query time beside /api/chat's
   one-client latency, what the encoders weigh, and the baseline revision before them measured in
   this same run, for English's p50 and the peak memory.

Load comes from wrk (Debian's `wrk` package), a C load generator that leaves the CPU to the
server far more than a Python one would.
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
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench import languages
from bench.server import ROOT, free_port, memory_mb, questions, stop, timings, wait_ready, write_bodies

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CLIENTS = (1, 4, 16, 64)
TARGETS = {
    "p50 distinct ≤ 1.5 × encoder": lambda r: r["chat_one_client"]["p50_ms"] <= 1.5 * r["encoder"]["p50_ms"],
    "distinct rps at 16 clients ≥ 0.75 / encoder": (
        lambda r: r["load"]["distinct"]["16"]["rps"] >= 0.75 * 1000 / r["encoder"]["p50_ms"]
    ),
    "repeated rps at 16 clients ≥ 0.6 × HTTP floor": (
        lambda r: r["load"]["repeated"]["16"]["rps"] >= 0.6 * r["http_floor"]["rps"]
    ),
    "no errors at 64 clients": lambda r: all(
        r["load"][kind]["64"]["errors"] == 0 for kind in ("distinct", "repeated")
    ),
    "p99 at 16 clients ≤ 100 ms": lambda r: all(
        r["load"][kind]["16"]["p99_ms"] <= 100 for kind in ("distinct", "repeated")
    ),
    "other languages: p50 ≤ 1.5 × their encoders": lambda r: all(
        row["chat_one_client"]["p50_ms"] <= 1.5 * row["encoder"]["p50_ms"] for row in r["languages"].values()
    ),
    "English p50 within 10% of the baseline's": (
        lambda r: r["chat_one_client"]["p50_ms"] <= 1.1 * r["baseline"]["chat_one_client"]["p50_ms"]
    ),
    "peak memory grows by no more than the encoders weigh": (
        lambda r: (
            r["peak_memory_one_client_mb"] - r["baseline"]["peak_memory_mb"]
            <= r["encoders_memory"]["weight_mb"]
        )
    ),
}


def encoder_floor(texts: list[str]) -> dict[str, float]:
    """The bare encoder: one distinct query per call, as the server sees a new question."""
    from assistant.search.embedder import Embedder
    from assistant.settings import Settings

    embedder = Embedder(Settings().model_path, cache_size=0)
    for text in texts[:20]:
        embedder.encode([text])
    times = []
    for number, text in enumerate(texts):
        started = time.perf_counter()
        embedder.encode([f"{text} (ref {number})"])
        times.append(time.perf_counter() - started)
    return timings(times)


def wrk(url: str, bodies: Path, clients: int, seconds: int, distinct: bool) -> dict:
    run_tag = "".join(random.choices(string.ascii_lowercase, k=6))
    env = dict(
        os.environ, BENCH_BODIES=str(bodies), BENCH_DISTINCT="1" if distinct else "0", BENCH_RUN=run_tag
    )
    threads = min(clients, 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "chat.lua"),
        url,
    ]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    errors = sum(result["errors"].values())
    return {
        "clients": clients,
        "requests": result["requests"],
        "rps": round(result["requests"] / result["seconds"], 1),
        "errors": errors,
        "p50_ms": round(result["p50_ms"], 2),
        "p95_ms": round(result["p95_ms"], 2),
        "p99_ms": round(result["p99_ms"], 2),
    }


def ask_each_once(url: str, bodies: Path) -> None:
    requests = [line.replace(" ({n})", "") for line in bodies.read_text().splitlines()]
    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(4) as pool:
        headers = {"Content-Type": "application/json"}
        list(pool.map(lambda body: client.post(f"{url}/api/chat", content=body, headers=headers), requests))


def run(seconds: int, workers: int) -> dict:
    texts = questions()
    results: dict = {"machine": {"cpus": os.cpu_count()}, "seconds_per_run": seconds, "workers": workers}
    print(f"encoder floor over {len(texts)} distinct questions…", flush=True)
    results["encoder"] = encoder_floor(texts)

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    bodies = write_bodies(work / "bodies.jsonl", texts)
    env = dict(os.environ, ASSISTANT_RATE_LIMIT="off", ASSISTANT_LOG_LEVEL="warning")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(BIN / "assistant"), "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        results["start_to_ready_s"] = round(wait_ready(url, server), 2)
        sample = httpx.post(
            f"{url}/api/chat",
            json={
                "messages": [{"role": "user", "content": "Can I get a refund for Coursera Plus?"}],
                "as_of": "2025-03-10",
            },
        )
        reply = work / "reply.json"
        reply.write_bytes(sample.content)
        results["reply_bytes"] = len(sample.content)

        # Warm the server (first calls pay for lazy imports and allocator growth), then measure.
        wrk(f"{url}/api/chat", bodies, 4, 5, distinct=True)
        print("one client, distinct questions…", flush=True)
        results["chat_one_client"] = wrk(f"{url}/api/chat", bodies, 1, seconds, distinct=True)
        results["languages"] = languages.measure(f"{url}/api/chat", work, seconds, wrk)
        # Before the load runs: the baseline is measured after the same warm-up and one client.
        results["peak_memory_one_client_mb"] = memory_mb(server.pid, "VmHWM")
        results["load"] = {"distinct": {}, "repeated": {}}
        for kind in ("distinct", "repeated"):
            if kind == "repeated":
                # "Repeated" means asked before: ask each once first, so no run pays for first sight.
                ask_each_once(url, bodies)
            for clients in CLIENTS:
                print(f"{clients} clients, {kind} questions…", flush=True)
                results["load"][kind][str(clients)] = wrk(
                    f"{url}/api/chat", bodies, clients, seconds, kind == "distinct"
                )
        results["peak_memory_mb"] = memory_mb(server.pid, "VmHWM")
    finally:
        stop(server)

    floor_port = free_port()
    floor = subprocess.Popen(
        [
            str(BIN / "python"),
            "-m",
            "uvicorn",
            "bench.floor:app",
            "--port",
            str(floor_port),
            "--log-level",
            "warning",
        ],
        env=dict(os.environ, BENCH_FLOOR_REPLY=str(work / "reply.json")),
        cwd=ROOT,
    )
    try:
        wait_ready(f"http://127.0.0.1:{floor_port}", floor)
        print("HTTP floor…", flush=True)
        results["http_floor"] = wrk(
            f"http://127.0.0.1:{floor_port}/api/chat", bodies, 16, seconds, distinct=False
        )
    finally:
        stop(floor)
    results["encoders_memory"] = languages.encoders_memory()
    results["baseline"] = languages.baseline(work, seconds, bodies, wrk)
    shutil.rmtree(work, ignore_errors=True)
    results["targets"] = {name: bool(check(results)) for name, check in TARGETS.items()}
    return results


def table(r: dict) -> str:
    enc, one = r["encoder"], r["chat_one_client"]
    lines = [
        f"{'measure':<44} {'value':>12}",
        f"{'bare encoder, one query: p50 / p95':<44} {enc['p50_ms']:>6.2f} / {enc['p95_ms']:.2f} ms",
        f"{'HTTP floor, 16 clients':<44} {r['http_floor']['rps']:>8.0f} req/s",
        f"{'/api/chat one client distinct: p50/p95/p99':<44} "
        f"{one['p50_ms']:.2f} / {one['p95_ms']:.2f} / {one['p99_ms']:.2f} ms",
        f"{'start to ready':<44} {r['start_to_ready_s']:>10.2f} s",
        f"{'peak memory (server RSS)':<44} {r['peak_memory_mb']:>9.1f} MB",
        "",
        f"{'clients':>7} {'kind':<9} {'req/s':>8} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
    ]
    for kind in ("distinct", "repeated"):
        for clients in CLIENTS:
            row = r["load"][kind][str(clients)]
            lines.append(
                f"{clients:>7} {kind:<9} {row['rps']:>8.1f} {row['errors']:>7} {row['p50_ms']:>8.2f} "
                f"{row['p95_ms']:>8.2f} {row['p99_ms']:>8.2f}"
            )
    lines.append("")
    base = r["baseline"]
    lines += [
        f"{'languages':<10} {'encoder p50':>12} {'chat p50':>9} {'p95':>8} {'p99':>8} {'ratio':>6}",
    ]
    for name, row in r["languages"].items():
        chat, floor = row["chat_one_client"], row["encoder"]
        lines.append(
            f"{name:<10} {floor['p50_ms']:>9.2f} ms {chat['p50_ms']:>6.2f} ms {chat['p95_ms']:>8.2f} "
            f"{chat['p99_ms']:>8.2f} {chat['p50_ms'] / floor['p50_ms']:>5.2f}×"
        )
    lines += [
        f"baseline {base['revision']} (English only): one client p50 "
        f"{base['chat_one_client']['p50_ms']:.2f} ms "
        f"(now {one['p50_ms']:.2f} ms, {one['p50_ms'] / base['chat_one_client']['p50_ms'] - 1:+.1%}); "
        f"peak memory after one client {base['peak_memory_mb']:.1f} MB (now "
        f"{r['peak_memory_one_client_mb']:.1f} MB, "
        f"{r['peak_memory_one_client_mb'] - base['peak_memory_mb']:+.1f} MB; "
        f"the encoders weigh "
        f"{r['encoders_memory']['weight_mb']:.1f} MB)",
        "",
    ]
    p50_ratio = r["chat_one_client"]["p50_ms"] / enc["p50_ms"]
    lines.append(
        f"p50 / encoder = {p50_ratio:.2f}×; distinct rps@16 × encoder s = "
        f"{r['load']['distinct']['16']['rps'] * enc['p50_ms'] / 1000:.2f}; "
        f"repeated rps@16 / floor = {r['load']['repeated']['16']['rps'] / r['http_floor']['rps']:.2f}"
    )
    for name, met in r["targets"].items():
        lines.append(f"  [{'x' if met else ' '}] {name}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="length of each load run")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: sudo apt-get install wrk")
    results = run(args.seconds, args.workers)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
