"""`POST /api/chat` and its streamed twin: the conversation answered from the terms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import Response, StreamingResponse

from assistant.models import Reply
from assistant.service.dependencies import EngineDep, RecorderDep, WorkloadDep
from assistant.service.schemas import ERRORS, ChatRequest
from assistant.service.sse import SSE_HEADERS, reply_events

router = APIRouter(responses=ERRORS)

# The language the client's browser prefers: the reply's, when the conversation can't tell.
AcceptLanguage = Annotated[str | None, Header(include_in_schema=False)]


@router.post("/api/chat", response_model=Reply, tags=["chat"])
async def chat(
    body: ChatRequest, engine: EngineDep, workload: WorkloadDep, accept_language: AcceptLanguage = None
) -> Response:
    """Answer the last user message from the terms, quoting the clauses it rests on."""
    reply = await workload.run(engine.chat.reply, body.messages, body.as_of, body.language, accept_language)
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
    body: ChatRequest,
    engine: EngineDep,
    recorder: RecorderDep,
    workload: WorkloadDep,
    accept_language: AcceptLanguage = None,
) -> StreamingResponse:
    """`/api/chat` as Server-Sent Events: `retrieved`, `answer` (the text in pieces), `citations`
    (with `rule` and `follow_up`), then `done` with the whole reply.

    The reply is composed before the stream opens, so a failure is still a JSON error, never half a stream.
    """
    reply = await workload.run(engine.chat.reply, body.messages, body.as_of, body.language, accept_language)
    # Recorded like /api/chat's replies (there the reply cache does it), so feedback can find it.
    recorder.reply(body.messages[-1].content, reply)
    return StreamingResponse(
        reply_events(reply),
        media_type="text/event-stream",
        headers=SSE_HEADERS,
    )
