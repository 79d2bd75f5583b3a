"""Typed dependency aliases for the store (to read) and the recorder in front of it (to write)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.recorder import Recorder
from assistant.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.recorder.store


def get_recorder(request: Request) -> Recorder:
    return request.app.state.recorder


StoreDep = Annotated[Store, Depends(get_store)]
RecorderDep = Annotated[Recorder, Depends(get_recorder)]
