"""The support lead's numbers: `GET /api/insights` (JSON) and `GET /api/insights.csv` (the days).
Agent token required."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Depends, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from assistant.engine import Engine
from assistant.models import IsoDate
from assistant.service.dependencies import AgentOnly, EngineDep, StoreDep, WorkloadDep
from assistant.service.schemas import ERRORS
from assistant.support.insights import BadRange, Counts, Insights, count, day_range, gaps

router = APIRouter(tags=["support"], responses=ERRORS)
# Gap questions the encoder has not seen are encoded this many at a time (about 60 ms a batch).
GAP_BATCH = 16


def days_asked(
    since: Annotated[
        IsoDate | None,
        Query(description="The first day counted, YYYY-MM-DD (default: 29 days before until)."),
    ] = None,
    until: Annotated[
        IsoDate | None, Query(description="The last day counted, YYYY-MM-DD (default: today, UTC).")
    ] = None,
) -> tuple[date, date]:
    """The range of days asked for; a 422 that says why for one that can't be counted, in the
    shape of every other 422 (the field and the problem)."""
    try:
        return day_range(since, until)
    except BadRange as problem:
        asked = {"since": since, "until": until}[problem.field]
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", problem.field), "msg": problem.message, "input": asked}]
        ) from None


DaysDep = Annotated[tuple[date, date], Depends(days_asked)]


def _titles(engine: Engine) -> dict[str, str]:
    return {chunk.id: chunk.title for chunk in engine.index.chunks}


@router.get("/api/insights", response_model=Insights)
async def insights_report(
    _: AgentOnly, days: DaysDep, store: StoreDep, engine: EngineDep, workload: WorkloadDep
) -> Insights:
    """What came in over a range of days (the last 30 by default, at most 366) and what
    became of it: totals, each day's outcomes and ratings, the clauses cited most, the rules and
    languages, the busiest hours (UTC) and the content gaps. Agent token required."""

    def embed(texts: list[str]) -> np.ndarray:
        # Through the encoder's cache (the questions were asked, so most are there), the rest in
        # small batches: one model call each, short enough not to hold up a learner's question.
        vectors = []
        for start in range(0, len(texts), GAP_BATCH):
            vectors += engine.embedder.encode_queries(texts[start : start + GAP_BATCH])
        return np.stack(vectors) if vectors else np.zeros((0, 1), dtype=np.float32)

    # Each in a worker thread the workload counts, side by side: the two wait on the database
    # (PostgreSQL works on another core meanwhile) more than they hold the GIL.
    counted, found = await asyncio.gather(
        workload.run(count, store, *days, _titles(engine)), workload.run(gaps, store, embed, *days)
    )
    return counted.model_copy(update={"gaps": found})


@router.get(
    "/api/insights.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row a day, oldest first."}},
)
async def insights_csv(
    _: AgentOnly, days: DaysDep, store: StoreDep, engine: EngineDep, workload: WorkloadDep
) -> Response:
    """The days of `GET /api/insights` as CSV: one row a day with its counts. Agent token required."""
    counted = await workload.run(count, store, *days, _titles(engine))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields = list(Counts.model_fields)
    writer.writerow(["day", *fields])
    for day in counted.by_day:
        writer.writerow([day.day.isoformat(), *(getattr(day, field) for field in fields)])
    since, until = days
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="insights-{since}-{until}.csv"'},
    )
