"""The JSON body of every error: a sentence that says what happened, and on the OpenAI-compatible
routes (`/v1/`) also OpenAI's `{"error": {...}}`, which its clients read."""

from __future__ import annotations

from typing import Any

OPENAI_PREFIX = "/v1/"


def error_body(
    path: str, status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    if not path.startswith(OPENAI_PREFIX):
        return body
    kind = {401: "authentication_error", 404: "not_found_error", 429: "rate_limit_error"}.get(
        status, "invalid_request_error" if status < 500 else "server_error"
    )
    param = errors[0].get("field") if errors else None
    return {**body, "error": {"message": detail, "type": kind, "param": param, "code": None}}
