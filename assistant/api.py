"""The JSON API: chat, search, clauses and health."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from assistant.engine import Engine
from assistant.schemas import ChatRequest, Clause, Health, Reply, SearchHit, SearchResults


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(get_engine)]

router = APIRouter()


@router.post("/api/chat", response_model=Reply, tags=["chat"])
def chat(body: ChatRequest, engine: EngineDep) -> Reply:
    """Answer the last user message from the terms, quoting the clauses it rests on."""
    return engine.chat.reply(body.messages, body.as_of or date.today())


@router.get("/api/search", response_model=SearchResults, tags=["clauses"])
def search(
    engine: EngineDep,
    q: Annotated[str, Query(min_length=1, max_length=4000, description="The question or keywords.")],
    k: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchResults:
    """The clauses ranked for a query, with scores and best-matching sentences."""
    if not q.strip():
        raise HTTPException(422, "q: must not be blank")
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
    return Health(status="ok", index=engine.index.build_id, chunks=len(engine.index.chunks), model=engine.settings.model_name)
