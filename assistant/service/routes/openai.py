"""An OpenAI-compatible chat API, so that any chat client can talk to the assistant.

`GET /v1/models` names the one model; `POST /v1/chat/completions` answers the conversation,
whole or streamed (`stream: true`), with the answer followed by its sources: each quote and
its full clause URL. The structured `citations` and `rule` ride along as extra fields, and
`as_of` may be sent as an extra body field. A system prompt is accepted and ignored: the
answers come from the terms, not from instructions.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.conversation.handoff import cited
from assistant.languages.catalogues import gettext as _
from assistant.languages.catalogues import speaking
from assistant.models import MAX_MESSAGE_CHARS, Citation, IsoDate, Message, Reply, RuleAnswer
from assistant.service.dependencies import EngineDep, RecorderDep, WorkloadDep
from assistant.service.schemas import ERRORS, MAX_MESSAGES, LanguageTag
from assistant.service.sse import SSE_HEADERS, pieces

MODEL_ID = "coursera-terms-assistant"
# When the model "was created", for clients that show it: a fixed day (2026-01-01), so that the
# listing is the same on every replica and every start.
CREATED = 1_767_225_600
# An OpenAI client sends the whole history: up to this many messages are taken (the body's size
# is capped too), and the latest MAX_MESSAGES user and assistant turns are read, as in the web chat.
MAX_TURNS = 200

router = APIRouter(prefix="/v1", tags=["openai"], responses=ERRORS)


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: str = Field(max_length=64)
    text: str | None = Field(default=None, max_length=MAX_MESSAGE_CHARS)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(part.text for part in self.content if part.type == "text" and part.text)
        return self.content or ""


class CompletionRequest(BaseModel):
    """OpenAI's chat-completion request. Sampling options (temperature, max_tokens...) are accepted
    and ignored: the answer is quoted, not sampled."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "model": MODEL_ID,
                    "messages": [{"role": "user", "content": "Can I get my money back for Coursera Plus?"}],
                    "as_of": "2025-03-10",
                }
            ]
        },
    )

    model: str = Field(default=MODEL_ID, max_length=200, description="Any name: there is one model.")
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_TURNS)
    stream: bool = Field(default=False, strict=True)
    as_of: IsoDate | None = Field(
        default=None, description="The date relative dates and deadlines are computed against; default today."
    )
    language: LanguageTag | None = Field(
        default=None, description="A BCP 47 tag for the answer's language; without it, it is detected."
    )


def conversation(request: CompletionRequest) -> list[Message]:
    """The user and assistant turns, as the chat reads them; a 422 naming the message that is wrong."""
    turns: list[Message] = []
    for position, message in enumerate(request.messages):
        if message.role not in ("user", "assistant"):
            continue  # instructions and tool traffic: the terms answer, not a prompt
        text = message.text()
        if message.role == "assistant" and not text.strip():
            continue  # a tool call with no words
        try:
            turns.append(Message(role=message.role, content=text))
        except ValidationError as error:
            found = error.errors(include_url=False, include_context=False)
            raise RequestValidationError(
                [{**p, "loc": ("body", "messages", position, "content")} for p in found]
            ) from None
    if not turns or turns[-1].role != "user":
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("body", "messages"),
                    "msg": "the last message must be the user's",
                }
            ]
        )
    return turns[-MAX_MESSAGES:]


def absolute(citation: Citation, base: str) -> Citation:
    return citation.model_copy(update={"url": base + citation.url})


def content(reply: Reply, base: str) -> str:
    """The answer, any follow-up question and options, then its sources: number, title, the quote,
    and the clause's full URL. The same plain text the agent console copies for a ticket
    (web/static/js/ticket.js)."""
    with speaking(reply.language):
        return "\n".join(_lines(reply, base))


def _lines(reply: Reply, base: str) -> list[str]:
    lines = [reply.answer.strip()]
    follow_up = reply.follow_up
    if follow_up and follow_up.question and follow_up.question not in reply.answer:
        lines += ["", follow_up.question]
    if follow_up and follow_up.options:
        lines += ["", _("Options: {options}").format(options="; ".join(follow_up.options))]
    sources = cited(reply)
    if sources:
        lines += ["", _("Sources:")]
        for number, citation in enumerate(sources):
            if number:
                lines.append("")
            lines += [f"[{citation.n}] {citation.title}", f"“{citation.quote}”", base + citation.url]
    return lines


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    refusal: None = None


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Extras(BaseModel):
    """What the assistant adds to OpenAI's shape: the structured sources and the rule's working."""

    citations: list[Citation] = Field(description="The quoted clauses, with absolute URLs.")
    rule: RuleAnswer | None = None
    abstained: bool = Field(description="The terms do not cover the question.")
    handoff: bool = Field(description="The assistant offers a person (POST /api/handoff).")


class Completion(Extras):
    id: str = Field(description="`chatcmpl-` and the reply's id (for POST /api/feedback).")
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    system_fingerprint: str = Field(description="The index build that answered.")
    choices: list[Choice]


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


@router.get("/models", response_model=ModelList)
def models() -> ModelList:
    """The one model: the assistant answering from Coursera's terms."""
    return ModelList(data=[ModelCard(id=MODEL_ID, created=CREATED, owned_by="terms-assistant")])


def _extras(reply: Reply, base: str) -> Extras:
    """The extra top-level fields, with the clause URLs made absolute."""
    rule = reply.rule
    if rule is not None:
        rule = rule.model_copy(update={"citations": [absolute(c, base) for c in rule.citations]})
    return Extras(
        citations=[absolute(c, base) for c in reply.citations],
        rule=rule,
        abstained=reply.abstained,
        handoff=reply.handoff,
    )


async def _chunks(head: dict[str, Any], text: str, extras: dict[str, Any]) -> AsyncIterator[str]:
    """OpenAI's stream: the role, the text in pieces, `finish_reason: "stop"` (with the extras), `[DONE]`."""

    def event(delta: dict[str, str], finish_reason: str | None = None, **more: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}
        chunk = {**head, "object": "chat.completion.chunk", "choices": [choice], **more}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for piece in pieces(text):
        yield event({"content": piece})
    yield event({}, "stop", **extras)
    yield "data: [DONE]\n\n"


@router.post(
    "/chat/completions",
    response_model=Completion,
    responses={
        200: {
            "description": "The completion; with `stream: true`, chunks as Server-Sent Events, then [DONE]",
            "content": {"text/event-stream": {}},
        },
    },
)
async def chat_completions(
    body: CompletionRequest, request: Request, engine: EngineDep, recorder: RecorderDep, workload: WorkloadDep
) -> Response:
    """Answer the conversation's last user message, OpenAI-style: the answer, then its sources."""
    messages = conversation(body)
    accept = request.headers.get("accept-language")
    reply = await workload.run(engine.chat.reply, messages, body.as_of, body.language, accept)
    recorder.reply(messages[-1].content, reply)
    # The configured address, never the request's Host (a client may send any); unset, relative links.
    base = request.app.state.settings.public_url or ""
    head: dict[str, Any] = {
        "id": f"chatcmpl-{reply.id}",
        "created": int(time.time()),
        "model": MODEL_ID,
        "system_fingerprint": engine.index.build_id,
    }
    text = content(reply, base)
    extras = _extras(reply, base)
    if body.stream:
        return StreamingResponse(
            _chunks(head, text, extras.model_dump(mode="json")),
            media_type="text/event-stream",
            headers=SSE_HEADERS,
        )
    # From the models as they are (pydantic does not validate them again), serialised once.
    completion = Completion(**head, choices=[Choice(message=AssistantMessage(content=text))], **dict(extras))
    return Response(completion.model_dump_json(), media_type="application/json")
