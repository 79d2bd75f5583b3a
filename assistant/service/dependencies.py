"""Every typed dependency the routes take, in one place: the engine answering, the store (to read),
the recorder in front of it (to write), the workload that runs answers in threads, the metrics,
and the agent token's checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.engine import Engine
from assistant.service.metrics import Metrics
from assistant.service.middleware.auth import require_agent, require_agent_page, require_scraper
from assistant.service.workload import Workload
from assistant.support.store import Store
from assistant.support.writer import Recorder


def get_engine(request: Request) -> Engine:
    """The engine the reply cache chose for this request, or else the one serving now."""
    return getattr(request.state, "engine", None) or request.app.state.engine


def get_store(request: Request) -> Store:
    return request.app.state.recorder.store


def get_recorder(request: Request) -> Recorder:
    return request.app.state.recorder


def get_workload(request: Request) -> Workload:
    return request.app.state.workload


def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


EngineDep = Annotated[Engine, Depends(get_engine)]
StoreDep = Annotated[Store, Depends(get_store)]
RecorderDep = Annotated[Recorder, Depends(get_recorder)]
WorkloadDep = Annotated[Workload, Depends(get_workload)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
# Agent routes answer 401 (JSON) without the agent token; agent pages a page saying how to get in.
AgentOnly = Annotated[None, Depends(require_agent)]
AgentPage = Annotated[None, Depends(require_agent_page)]
# /metrics: the scraper's token or the agent token.
ScraperOnly = Annotated[None, Depends(require_scraper)]
