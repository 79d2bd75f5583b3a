"""The clauses themselves: ranked for a query (`GET /api/search`), or one by its id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import AfterValidator

from assistant.models import MAX_MESSAGE_CHARS, clean_text
from assistant.service.dependencies import EngineDep
from assistant.service.schemas import ERRORS, Clause, SearchHit, SearchResults

router = APIRouter(responses=ERRORS)


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
