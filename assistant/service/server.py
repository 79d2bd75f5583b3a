"""Running the app under uvicorn, with the settings' limits on connections: the head's deadline
and size (`connections`), how many connections are served, how long an idle one is kept, and
whose forwarded headers are believed; and the process's own limits (open files, malloc arenas)."""

from __future__ import annotations

import ctypes
import logging
import os
import resource
import sys
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from assistant.service.connections import PROTOCOLS, ServerConfig
from assistant.service.logs import logging_config
from assistant.settings import Settings

log = logging.getLogger(__name__)

# Uvicorn's exit status when the app fails to start (its own STARTUP_FAILURE).
STARTUP_FAILURE = 3
# glibc gives each thread that allocates (the encoder's, the answers' workers, the framework's
# thread pool) a malloc arena of its own, up to 8 a core, and each keeps what it has freed, so
# RSS climbs with the threads' churn long after the caches are full: under `make soak`'s mix, 81 MB
# in five minutes with glibc's default, 17 MB with two arenas, at the same throughput.
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt() parameter for MALLOC_ARENA_MAX


def server_config(settings: Settings, app: Any, workers: int = 1) -> ServerConfig:
    """The uvicorn configuration for `app` (an app, or an import string with `workers` > 1)."""
    trusted = settings.forwarded_allow_ips.strip()
    return ServerConfig(
        app,
        factory=workers > 1,
        workers=workers,
        host=settings.host,
        port=settings.port,
        http=PROTOCOLS[settings.http_parser],
        # Websockets are not served; without a protocol for them an upgrade is a plain request.
        ws="none",
        header_timeout=settings.header_timeout,
        # Past this many open connections, a request gets uvicorn's 503 at once.
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=settings.keep_alive_timeout,  # uvicorn's timer takes a float
        # X-Forwarded-For and -Proto only from the proxies named. Uvicorn's own default trusts
        # 127.0.0.1, so any local process could rotate X-Forwarded-For past the rate limit.
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
        # On SIGTERM uvicorn stops accepting and lets the requests in flight finish (up to 30 s).
        timeout_graceful_shutdown=30,
        # JSON lines, and no uvicorn access log: it prints query strings (a learner's words, a token).
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level, settings.log_messages),
        access_log=False,
    )


def raise_open_file_limit() -> int:
    """Raise the soft limit on open files to the hard one (each connection holds one); the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            return soft
        return hard
    return soft


def limit_malloc_arenas() -> int | None:
    """Bound glibc's malloc arenas to MALLOC_ARENA_MAX (MALLOC_ARENAS unless it is set) in this
    process, from now on, and in the workers it starts (glibc reads it from their environment).
    Returns the bound, or None where it can't be set (no glibc, or a value that is no number)."""
    try:
        arenas = int(os.environ.setdefault("MALLOC_ARENA_MAX", str(MALLOC_ARENAS)))
        mallopt = ctypes.CDLL(None).mallopt
    except (ValueError, OSError, AttributeError):
        return None
    return arenas if mallopt(_M_ARENA_MAX, arenas) == 1 else None


def run(config: ServerConfig) -> None:
    """Serve until stopped, as `uvicorn.run` does, in one process or in `config.workers`."""
    raise_open_file_limit()
    server = uvicorn.Server(config)
    if config.workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)
