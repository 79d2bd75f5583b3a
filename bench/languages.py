"""The languages' rows of `make bench`, measured in the same run as the rest:

1. for each set of multilingual encoders (USE and e5 together; e5 alone for Hindi and Indonesian),
   the bare encoders' single-query time, the floor for a distinct question in those languages;
2. /api/chat's one-client latency over the golden questions of those languages;
3. what the encoders weigh: a fresh process's memory before and after loading them;
4. the baseline: the revision before the multilingual space (BASELINE), its own index built and its
   server measured the same way on the English questions, for its p50 and its peak memory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.server import ROOT, free_port, memory_mb, stop, timings, wait_ready, write_bodies

BIN = Path(sys.executable).parent
# main before the languages landed: English only, MiniLM alone.
BASELINE = "bf5f733"
# The languages each set of encoders reads (search.multilingual picks them by what each was trained on).
GROUPS = {
    "USE + e5": ("ar", "de", "es", "fr", "it", "ja", "ko", "pt", "ru", "tr", "zh"),
    "e5 alone": ("hi", "id"),
}
_LOAD_ENCODERS = """
import json, sys, numpy
from bench.server import memory_mb
from assistant.search.multilingual import Multilingual, encoders_for
from assistant.settings import Settings
import os
before = memory_mb(os.getpid())
encoders = Multilingual(encoders_for(Settings().multilingual_model), cache_size=0)
encoders.encode_queries(["¿Puedo pedir un reembolso?"], "es")
print(json.dumps({"before_mb": before, "after_mb": memory_mb(os.getpid())}))
"""


def questions_by_group() -> dict[str, list[tuple[str, str]]]:
    """Each group's golden lookups and out-of-scope questions, as (language, question)."""
    from assistant.evaluation.golden import load_golden

    golden = load_golden(ROOT / "tests" / "golden")
    asked = [(c.language, c.question) for c in golden.translated]
    asked += [(c.language, c.question) for c in golden.translated_out_of_scope]
    return {name: [pair for pair in asked if pair[0] in languages] for name, languages in GROUPS.items()}


def encoder_floor(asked: list[tuple[str, str]]) -> dict[str, float]:
    """The multilingual encoders alone: one distinct query per call, as a new question meets them."""
    from assistant.search.multilingual import Multilingual, encoders_for
    from assistant.settings import Settings

    encoders = Multilingual(encoders_for(Settings().multilingual_model), cache_size=0)
    for language, text in asked[:10]:
        encoders.encode_queries([text], language)
    times = []
    for number, (language, text) in enumerate(asked):
        started = time.perf_counter()
        encoders.encode_queries([f"{text} ({number})"], language)
        times.append(time.perf_counter() - started)
    return timings(times)


def encoders_memory() -> dict[str, float]:
    """A fresh process's memory before and after loading the multilingual encoders."""
    output = subprocess.run(
        [str(BIN / "python"), "-c", _LOAD_ENCODERS], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    return {**found, "weight_mb": round(found["after_mb"] - found["before_mb"], 1)}


def measure(url: str, work: Path, seconds: int, wrk: Callable[..., dict]) -> dict:
    """Rows 1 and 2 on the running server at `url`."""
    rows = {}
    for name, asked in questions_by_group().items():
        print(f"other languages ({name}): encoder floor, then one client…", flush=True)
        floor = encoder_floor(asked)
        bodies = write_bodies(work / f"bodies-{name.replace(' ', '-')}.jsonl", [q for _, q in asked])
        wrk(url, bodies, 1, 2, distinct=True)  # warm
        one = wrk(url, bodies, 1, seconds, distinct=True)
        rows[name] = {"languages": GROUPS[name], "encoder": floor, "chat_one_client": one}
    return rows


def baseline(work: Path, seconds: int, english: Path, wrk: Callable[..., dict]) -> dict:
    """Row 4: the baseline revision checked out beside this one, its index built, its server
    asked the English questions by one client; its p50 and peak memory."""
    tree = work / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), BASELINE], check=True,
                   capture_output=True)  # fmt: skip
    # The baseline's own package, ahead of this one on the path; this venv has all it needs.
    env = dict(
        os.environ,
        PYTHONPATH=str(tree),
        ASSISTANT_INDEX_DIR=str(tree / "index"),
        ASSISTANT_CORPUS_DIR=str(tree / "corpus"),
        ASSISTANT_DATA_DIR=str(work / "baseline-data"),
        ASSISTANT_RATE_LIMIT="off",
        ASSISTANT_LOG_LEVEL="warning",
    )
    try:
        print(f"baseline {BASELINE}: building its index…", flush=True)
        subprocess.run([str(BIN / "python"), "-m", "assistant.cli", "index"], cwd=tree, env=env, check=True,
                       capture_output=True)  # fmt: skip
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [str(BIN / "python"), "-m", "assistant.cli", "serve", "--port", str(port)]
        server = subprocess.Popen(
            command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            ready = wait_ready(url, server)
            wrk(f"{url}/api/chat", english, 4, 5, distinct=True)  # warm, as the current server was
            print("baseline: one client, distinct questions…", flush=True)
            one = wrk(f"{url}/api/chat", english, 1, seconds, distinct=True)
            return {
                "revision": BASELINE,
                "start_to_ready_s": round(ready, 2),
                "chat_one_client": one,
                "peak_memory_mb": memory_mb(server.pid, "VmHWM"),
            }
        finally:
            stop(server)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False,
                       capture_output=True)  # fmt: skip
        shutil.rmtree(tree, ignore_errors=True)
