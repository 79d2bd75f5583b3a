"""The workload counts a thread as abandoned from its caller's giving up until the thread ends."""

from __future__ import annotations

import threading

import anyio

from assistant.service.workload import Workload
from tests.helpers.loops import run_apart


def test_a_caller_that_gives_up_leaves_its_thread_counted_until_it_ends():
    workload = Workload()
    started, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def work() -> str:
        started.set()
        release.wait(10)
        return "done"

    async def main() -> None:
        with anyio.move_on_after(5):
            async with anyio.create_task_group() as tasks:

                async def caller() -> None:
                    with anyio.move_on_after(0.2):
                        await workload.run(work)

                tasks.start_soon(caller)
                await anyio.to_thread.run_sync(started.wait, 5)
                seen.append(workload.abandoned)  # still awaited: not abandoned
                await anyio.sleep(0.4)
                seen.append(workload.abandoned)  # the caller gave up at 0.2 s
                release.set()
                while workload.abandoned:
                    await anyio.sleep(0.01)
                seen.append(workload.abandoned)

    run_apart(main)
    assert seen == [0, 1, 0]


def test_a_finished_call_returns_its_value_and_counts_nothing():
    workload = Workload()
    results: list[int] = []

    async def main() -> None:
        results.append(await workload.run(sum, [1, 2, 3]))

    run_apart(main)
    assert results == [6] and workload.abandoned == 0
