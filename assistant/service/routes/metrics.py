"""`GET /metrics`: the app's metrics in Prometheus' text format, for the scraper's token
(`ASSISTANT_METRICS_TOKEN`) or the agent token: they count tickets and ratings."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from assistant.service.dependencies import MetricsDep, ScraperOnly

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics(_: ScraperOnly, metrics: MetricsDep) -> Response:
    """The metrics in Prometheus' text format. The scraper's token or the agent token required."""
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
