"""A real server under each HTTP parser uvicorn may run, with short deadlines, for the tests of
what slow, broken or hostile clients do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.servers import (
    AGENT_TOKEN,
    BODY_TIMEOUT,
    HEADER_TIMEOUT,
    PARSERS,
    Server,
    copy_of_current_index,
    serving,
)


@pytest.fixture(scope="session", params=PARSERS)
def parser_server(request, tmp_path_factory) -> Iterator[Server]:
    """`assistant serve` on a copy of the current index, under one parser (the test id says which)."""
    index = copy_of_current_index(tmp_path_factory.mktemp(f"server-{request.param}") / "index")
    env = {
        "ASSISTANT_INDEX_DIR": str(index),
        "ASSISTANT_HTTP_PARSER": request.param,
        "ASSISTANT_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
        "ASSISTANT_BODY_TIMEOUT": str(BODY_TIMEOUT),
        "ASSISTANT_AGENT_TOKEN": AGENT_TOKEN,
        "ASSISTANT_RELOAD_INTERVAL": "0",
    }
    with serving(env) as running:
        yield running
