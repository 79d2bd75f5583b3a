"""Logs as JSON lines, one object per line, each carrying the id of the request being served."""

from __future__ import annotations

import json
import logging
import logging.config
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from assistant.support.failures import database_reason

# Set by the telemetry middleware for the length of a request; threads it starts inherit it.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)

# The extra fields a log call may pass (`log.info("...", extra={"route": ...})`), in print order.
FIELDS = ("method", "route", "status", "duration_ms", "client", "reply_id", "kind", "ticket", "question")


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "message", "logger", "request_id"?, ...the extra fields given}`.

    An exception's own message can hold what a learner typed (a validation error quotes its
    input), so unless `log_messages` is on, a traceback is logged with its type but not its
    message; a database error keeps its driver's reason ("database or disk is full"), which
    holds no values.
    """

    def __init__(self, log_messages: bool = False) -> None:
        super().__init__()
        self.log_messages = log_messages

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        for field in FIELDS:
            value = record.__dict__.get(field)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            _, error, _ = record.exc_info
            if self.log_messages or error is None:
                entry["error"] = self.formatException(record.exc_info)
            else:
                entry["error"] = _without_messages(error)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _without_messages(error: BaseException) -> str:
    """A traceback, with the exceptions it was caused by, each with its type but not its message
    (a database error, and the driver's error it wraps, with the driver's reason)."""
    chain = [error]
    while len(chain) < 10:  # a cause that loops back on itself stops here
        cause = chain[-1].__cause__ or (None if chain[-1].__suppress_context__ else chain[-1].__context__)
        if cause is None or cause in chain:
            break
        chain.append(cause)
    # What each link may say: a database error and the driver's error it wraps, the reason.
    said: dict[int, str] = {}
    for link in chain:
        reason = database_reason(link)
        if reason is not None:
            said[id(link)] = said[id(getattr(link, "orig", None))] = f": {reason}"
    parts = [
        "Traceback (most recent call last):\n"
        + "".join(traceback.format_tb(link.__traceback__))
        + f"{type(link).__name__}{said.get(id(link), ' (message withheld)')}\n"
        for link in reversed(chain)
    ]
    return "\nThe above exception led to the one below:\n\n".join(parts).rstrip("\n")


def logging_config(level: str = "info", log_messages: bool = False) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the server, uvicorn's loggers included: JSON on stderr.

    Uvicorn's own access log is silenced: it prints the raw path with its query string, which
    can hold a learner's words (`/api/search?q=...`) or the agent token (`?token=`). The
    telemetry middleware logs requests instead, by route template.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter, "log_messages": log_messages}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


def configure_logging(level: str = "info", log_messages: bool = False) -> None:
    logging.config.dictConfig(logging_config(level, log_messages))
