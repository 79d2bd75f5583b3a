"""Logs as JSON lines, one object per line, each carrying the id of the request being served."""

from __future__ import annotations

import json
import logging
import logging.config
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# Set by the telemetry middleware for the length of a request; threads it starts inherit it.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)

# The extra fields a log call may pass (`log.info("...", extra={"route": ...})`), in print order.
FIELDS = ("method", "route", "status", "duration_ms", "reply_id", "kind", "ticket", "question")


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "message", "logger", "request_id"?, ...the extra fields given}`.

    An exception's own message can hold what a learner typed (a validation error quotes its
    input), so unless `log_messages` is on, a traceback is logged with its type but not its message.
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
            kind, _, trace = record.exc_info
            if self.log_messages or kind is None:
                entry["error"] = self.formatException(record.exc_info)
            else:
                stack = "".join(traceback.format_tb(trace))
                entry["error"] = (
                    f"Traceback (most recent call last):\n{stack}{kind.__name__} (message withheld)"
                )
        return json.dumps(entry, ensure_ascii=False, default=str)


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
