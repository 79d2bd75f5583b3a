"""Typed dependency aliases: the store (to read), the recorder in front of it (to write), and the
workload that runs answers in threads."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.recorder import Recorder
from assistant.store import Store
from assistant.work import Workload


def get_store(request: Request) -> Store:
    return request.app.state.recorder.store


def get_recorder(request: Request) -> Recorder:
    return request.app.state.recorder


def get_workload(request: Request) -> Workload:
    return request.app.state.workload


StoreDep = Annotated[Store, Depends(get_store)]
WorkloadDep = Annotated[Workload, Depends(get_workload)]
RecorderDep = Annotated[Recorder, Depends(get_recorder)]
