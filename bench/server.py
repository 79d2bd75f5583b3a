"""What `make bench` and `make soak` share: a free port, the real server started and stopped, its
memory, and the golden set's questions to ask it."""

from __future__ import annotations

import json
import signal
import socket
import statistics
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 300) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit("the server did not become ready")


def questions() -> list[str]:
    """The golden set's questions, in-scope then out-of-scope."""
    from assistant.evaluation.golden import load_golden

    golden = load_golden(ROOT / "tests" / "golden")
    return [case.question for case in golden.lookups] + [case.question for case in golden.out_of_scope]


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory now (VmRSS) or at its peak (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def timings(seconds: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds of one call's times, and how many calls."""
    ordered = sorted(seconds)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * len(ordered))] * 1000, 2),
        "calls": len(ordered),
    }


def write_bodies(path: Path, asked: list[str]) -> Path:
    """wrk's request bodies: one conversation per line, `{n}` made distinct by chat.lua."""
    path.write_text(
        "\n".join(
            json.dumps(
                {"messages": [{"role": "user", "content": f"{q} ({{n}})"}], "as_of": "2025-03-10"},
                ensure_ascii=False,
            )
            for q in asked
        )
    )
    return path
