"""`POST /admin/reload`: serve the index build `current` points at now. Agent token required."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from assistant.rules import PinDrift
from assistant.search.index import IndexProblem
from assistant.service.dependencies import AgentOnly
from assistant.service.hot_swap import reload_engine
from assistant.service.schemas import ERRORS

router = APIRouter(prefix="/admin", tags=["admin"], responses=ERRORS)


class Reloaded(BaseModel):
    reloaded: bool
    index: str


@router.post("/reload", response_model=Reloaded)
def reload(request: Request, _: AgentOnly) -> Reloaded:
    """Serve the index `current` points at now (after `assistant index`). Agent token required."""
    try:
        reloaded = reload_engine(request.app)
    except (IndexProblem, PinDrift) as problem:
        raise HTTPException(409, f"kept the index in use: {problem}") from None
    return Reloaded(reloaded=reloaded, index=request.app.state.engine.index.build_id)
