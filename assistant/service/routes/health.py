"""`GET /healthz`: ready when the index is loaded and the model answers."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.service.dependencies import EngineDep
from assistant.service.schemas import ERRORS, Health

router = APIRouter(responses=ERRORS)


@router.get("/healthz", response_model=Health, tags=["health"])
def healthz(engine: EngineDep) -> Health:
    """Ready: the index is loaded and the model answers."""
    return Health(
        status="ok",
        index=engine.index.build_id,
        chunks=len(engine.index.chunks),
        model=engine.settings.model_name,
    )
