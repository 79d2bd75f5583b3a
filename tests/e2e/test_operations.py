"""The server under load and faults: a hot index swap, SIGTERM, many clients, memory."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.helpers.servers import BIN, copy_of_current_index, serving

AGENT = {"ASSISTANT_AGENT_TOKEN": "test-agent-token"}


def ask(url: str, text: str, client: httpx.Client | None = None) -> int:
    body = {"messages": [{"role": "user", "content": text}], "as_of": "2025-03-10"}
    return (client or httpx).post(f"{url}/api/chat", json=body, timeout=60).status_code


def test_an_index_rebuilt_under_load_is_swapped_in_without_a_failed_request(tmp_path):
    index = copy_of_current_index(tmp_path / "index")
    env = {"ASSISTANT_INDEX_DIR": str(index), "ASSISTANT_RELOAD_INTERVAL": "0.5", **AGENT}
    with serving(env) as server:
        before = httpx.get(f"{server.url}/healthz").json()["index"]
        statuses: list[int] = []
        stop = threading.Event()

        def load(worker: int) -> None:
            with httpx.Client() as client:
                n = 0
                while not stop.is_set():
                    n += 1
                    statuses.append(ask(server.url, f"can I share my account, take {worker}-{n}?", client))

        workers = [threading.Thread(target=load, args=(w,)) for w in range(2)]
        for worker in workers:
            worker.start()
        try:
            build = subprocess.run(
                [str(BIN / "assistant"), "index"],
                env={**os.environ, "ASSISTANT_INDEX_DIR": str(index)},
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert build.returncode == 0, build.stderr
            deadline = time.monotonic() + 30
            while httpx.get(f"{server.url}/healthz").json()["index"] == before:
                assert time.monotonic() < deadline, "the new build was not swapped in"
                time.sleep(0.2)
            time.sleep(1)  # and keep asking a little on the new one
        finally:
            stop.set()
            for worker in workers:
                worker.join()
    assert statuses and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}


def test_admin_reload_needs_the_agent_token_and_reports_the_build(tmp_path):
    index = copy_of_current_index(tmp_path / "index")
    with serving({"ASSISTANT_INDEX_DIR": str(index), "ASSISTANT_RELOAD_INTERVAL": "0", **AGENT}) as server:
        assert httpx.post(f"{server.url}/admin/reload").status_code == 401
        wrong = httpx.post(f"{server.url}/admin/reload", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = httpx.post(f"{server.url}/admin/reload", headers={"Authorization": "Bearer test-agent-token"})
        assert right.status_code == 200
        assert right.json() == {
            "reloaded": False,
            "index": httpx.get(f"{server.url}/healthz").json()["index"],
        }


def test_sigterm_lets_the_requests_in_flight_finish(tmp_path):
    index = copy_of_current_index(tmp_path / "index")
    with serving({"ASSISTANT_INDEX_DIR": str(index), "ASSISTANT_REPLY_CACHE_SIZE": "0"}) as server:
        questions = [f"what happens if I cheat on an exam, case number {n}?" for n in range(64)]
        # Each client connects first, so SIGTERM finds every request already sent, not still dialling.
        clients = [httpx.Client() for _ in questions]
        for client in clients:
            client.get(f"{server.url}/healthz")
        start = threading.Barrier(len(questions) + 1)

        def send(client: httpx.Client, text: str) -> int:
            start.wait()
            return ask(server.url, text, client)

        with ThreadPoolExecutor(len(questions)) as pool:
            futures = [pool.submit(send, c, q) for c, q in zip(clients, questions, strict=True)]
            start.wait()
            time.sleep(0.1)  # sent; most still wait for the encoder
            in_flight = sum(not f.done() for f in futures)
            # uvicorn drains, then re-raises the signal so the exit status still says SIGTERM.
            assert server.terminate() in (0, -signal.SIGTERM)
            statuses = [f.result() for f in futures]
        for client in clients:
            client.close()
        assert "Application shutdown complete" in server.output()
    assert in_flight > 0
    assert statuses == [200] * len(questions)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    index = copy_of_current_index(tmp_path_factory.mktemp("ops") / "index")
    with serving({"ASSISTANT_INDEX_DIR": str(index)}) as server:
        yield server


def test_500_requests_at_32_clients_without_errors_or_memory_growth(shared_server):
    url = shared_server.url
    with ThreadPoolExecutor(32) as pool:
        warm = list(pool.map(lambda n: ask(url, f"may my kid use coursera? warm {n}"), range(100)))
        rss_before = shared_server.rss_mb()
        statuses = list(pool.map(lambda n: ask(url, f"may my kid use coursera? ask {n}"), range(500)))
    grown = shared_server.rss_mb() - rss_before
    assert set(warm) == {200} and statuses == [200] * 500
    # 500 new replies and query vectors fill the caches by about 3 MB; 64 MB would be a leak.
    assert grown < 64, f"RSS grew {grown:.0f} MB"


def test_a_client_that_hangs_up_mid_request_leaves_the_server_serving(shared_server):
    # A question new each time, so the encoder runs (~10 ms): the client never waits that long.
    hang_up = httpx.Timeout(5, read=0.001)
    for tag in ("ab", "cd", "ef", "gh", "ij"):
        question = {"role": "user", "content": f"can I sue coursera {tag}?"}
        body = {"messages": [question], "as_of": "2025-03-10"}
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(f"{shared_server.url}/api/chat/stream", json=body, timeout=hang_up)
    assert ask(shared_server.url, "can I sue coursera after all?") == 200
    assert "Traceback" not in shared_server.output()
