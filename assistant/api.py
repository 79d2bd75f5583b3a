"""The JSON API: chat, search, clauses, rules and health."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import AfterValidator, ValidationError

from assistant.dependencies import RecorderDep, WorkloadDep
from assistant.engine import Engine
from assistant.rules import RULES
from assistant.schemas import (
    ERRORS,
    MAX_MESSAGE_CHARS,
    ChatRequest,
    Clause,
    Health,
    Reply,
    RuleInfo,
    SearchHit,
    SearchResults,
    clean_text,
)
from assistant.streaming import SSE_HEADERS, reply_events


def get_engine(request: Request) -> Engine:
    """The engine the reply cache chose for this request, or else the one serving now."""
    return getattr(request.state, "engine", None) or request.app.state.engine


EngineDep = Annotated[Engine, Depends(get_engine)]

router = APIRouter(responses=ERRORS)


@router.post("/api/chat", response_model=Reply, tags=["chat"])
async def chat(body: ChatRequest, engine: EngineDep, workload: WorkloadDep) -> Response:
    """Answer the last user message from the terms, quoting the clauses it rests on."""
    reply = await workload.run(engine.chat.reply, body.messages, body.as_of or date.today())
    # Serialised by pydantic-core in one step: the reply is already valid, so FastAPI's
    # validate-then-encode pass would only repeat the work.
    return Response(reply.model_dump_json(), media_type="application/json")


@router.post(
    "/api/chat/stream",
    tags=["chat"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
)
async def chat_stream(
    body: ChatRequest, engine: EngineDep, recorder: RecorderDep, workload: WorkloadDep
) -> StreamingResponse:
    """`/api/chat` as Server-Sent Events: `retrieved`, `answer` (the text in pieces), `citations`
    (with `rule` and `follow_up`), then `done` with the whole reply.

    The reply is composed before the stream opens, so a failure is still a JSON error, never half a stream.
    """
    reply = await workload.run(engine.chat.reply, body.messages, body.as_of or date.today())
    # Recorded like /api/chat's replies (there the reply cache does it), so feedback can find it.
    recorder.reply(body.messages[-1].content, reply)
    return StreamingResponse(
        reply_events(reply),
        media_type="text/event-stream",
        headers=SSE_HEADERS,
    )


@router.get("/api/search", response_model=SearchResults, tags=["clauses"])
def search(
    engine: EngineDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_MESSAGE_CHARS, description="The question or keywords."),
        AfterValidator(clean_text),
    ],
    k: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchResults:
    """The clauses ranked for a query, with scores and best-matching sentences."""
    results = engine.retriever.search(q, k=k)
    hits = [
        SearchHit(
            id=h.chunk.id,
            title=h.chunk.title,
            url=h.chunk.url,
            text=h.chunk.text,
            score=h.score,
            dense=h.dense,
            bm25=h.bm25,
            sentences=h.best_sentences(),
        )
        for h in results.hits
    ]
    return SearchResults(query=q, relevant=results.relevant, hits=hits)


@router.get("/api/clauses/{clause_id:path}", response_model=Clause, tags=["clauses"])
def clause(clause_id: str, engine: EngineDep) -> Clause:
    """One clause by its id, e.g. `refund-policy/for-coursera-plus` (a `#` is sent as `%23`)."""
    chunk = engine.index.by_id.get(clause_id)
    if chunk is None:
        raise HTTPException(404, f"no clause has the id {clause_id!r}; GET /api/search?q=... finds ids")
    return Clause(id=chunk.id, title=chunk.title, url=chunk.url, text=chunk.text, sentences=chunk.sentences)


@router.get("/healthz", response_model=Health, tags=["health"])
def healthz(engine: EngineDep) -> Health:
    """Ready: the index is loaded and the model answers."""
    return Health(
        status="ok",
        index=engine.index.build_id,
        chunks=len(engine.index.chunks),
        model=engine.settings.model_name,
    )


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
