"""`GET /metrics`: the app's metrics in Prometheus' text format."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from assistant.service.dependencies import MetricsDep

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics(metrics: MetricsDep) -> Response:
    """The metrics in Prometheus' text format."""
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
