"""The rules on their own: `GET /api/rules` lists them with their input schemas, and
`POST /api/rules/{name}` runs one on its inputs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from assistant.rules import RULES
from assistant.service.dependencies import EngineDep
from assistant.service.schemas import ERRORS, RuleInfo

router = APIRouter(responses=ERRORS)


@router.get("/api/rules", response_model=list[RuleInfo], tags=["rules"])
def rules() -> list[RuleInfo]:
    """Every rule: its name, what it computes, and the JSON schema of its inputs."""
    return [
        RuleInfo(name=rule.name, description=rule.description, inputs=rule.inputs.model_json_schema())
        for rule in RULES.values()
    ]


@router.post("/api/rules/{name}", tags=["rules"])
def run_rule(
    name: str,
    engine: EngineDep,
    inputs: Annotated[
        dict[str, Any],
        Body(examples=[{"product": "coursera_plus", "payment_date": "2025-03-01", "as_of": "2025-03-10"}]),
    ],
) -> dict[str, Any]:
    """Run one rule on its inputs: the outcome, its explanation and steps, and the clauses applied, quoted."""
    rule = RULES.get(name)
    if rule is None:
        raise HTTPException(404, f"no rule is named {name!r}; the rules are {', '.join(RULES)}")
    try:
        outcome = rule.run(inputs, engine.index.by_id)
    except ValidationError as error:
        # Reported like any invalid request body: a 422 naming each field and what is wrong with it.
        problems = error.errors(include_url=False, include_context=False)
        raise RequestValidationError([{**p, "loc": ("body", *p["loc"])} for p in problems]) from None
    return outcome.model_dump(mode="json")
