"""The HTTP API's own shapes: requests as they are validated, and the bodies of the other routes
and of errors. Replies are the domain's `Reply` (`assistant.models`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from assistant.languages.supported import language_of_tag
from assistant.models import IsoDate, Message

MAX_MESSAGES = 50


def _language_tag(tag: str) -> str:
    if len(tag) > 35 or language_of_tag(tag) is None:
        raise ValueError("language must be a BCP 47 tag such as es or pt-BR")
    return tag


LanguageTag = Annotated[str, AfterValidator(_language_tag)]


class ChatRequest(BaseModel):
    """The whole conversation so far (the server keeps no state), newest message last."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "messages": [{"role": "user", "content": "Can I get my money back for Coursera Plus?"}],
                    "as_of": "2025-03-10",
                }
            ]
        },
    )

    messages: list[Message] = Field(min_length=1, max_length=MAX_MESSAGES)
    as_of: IsoDate | None = Field(
        default=None, description="The date relative dates and deadlines are computed against; default today."
    )

    language: LanguageTag | None = Field(
        default=None,
        description="A BCP 47 tag (`es`, `pt-BR`): the language of the assistant's own words. "
        "Without it the conversation's language is detected. One the assistant doesn't write gets English.",
    )

    @model_validator(mode="after")
    def _ends_with_user(self) -> ChatRequest:
        if self.messages[-1].role != "user":
            raise ValueError("the last message must be the user's question")
        return self


class Clause(BaseModel):
    id: str
    title: str
    url: str
    text: str
    sentences: list[str]


class SearchHit(BaseModel):
    id: str
    title: str
    url: str
    text: str
    score: float
    dense: float
    bm25: float
    sentences: list[str] = Field(description="The best-matching sentences, best first.")


class SearchResults(BaseModel):
    query: str
    relevant: bool
    hits: list[SearchHit]


class Health(BaseModel):
    status: Literal["ok"]
    index: str
    chunks: int
    model: str


class RuleInfo(BaseModel):
    name: str
    description: str
    inputs: dict[str, Any] = Field(description="The JSON schema of the rule's inputs.")


class Problem(BaseModel):
    """Every error body: a sentence that says what is wrong."""

    detail: str


class FieldProblem(BaseModel):
    field: str
    message: str


class ValidationProblem(Problem):
    """A 422: the sentence, then each field and what is wrong with it."""

    errors: list[FieldProblem]


# The errors any API route may answer, declared so the OpenAPI schema tells clients the truth.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The body could not be read (not UTF-8 text)"},
    401: {"model": Problem, "description": "An agent route without the agent token"},
    404: {"model": Problem, "description": "Not found"},
    413: {"model": Problem, "description": "The request body is over 64 KiB"},
    422: {"model": ValidationProblem, "description": "The request is invalid; `errors` names each field"},
    429: {"model": Problem, "description": "Too many requests from this client; see Retry-After"},
    503: {"model": Problem, "description": "Busy or past the deadline; see Retry-After"},
}
