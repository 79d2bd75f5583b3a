"""How the settings reach uvicorn: the protocol with the head's limits, the bound on connections,
keep-alive, whose forwarded headers count; and the open-file limit raised at start."""

from __future__ import annotations

import resource

import pytest

from assistant.service import server
from assistant.service.connections import MAX_HEAD_BYTES, H11Connection, HttpToolsConnection
from assistant.settings import Settings


@pytest.mark.parametrize(
    ("parser", "protocol"),
    [("auto", HttpToolsConnection), ("httptools", HttpToolsConnection), ("h11", H11Connection)],
)
def test_the_settings_become_uvicorns_options(parser, protocol):
    settings = Settings(
        http_parser=parser, header_timeout=7, max_connections=321, keep_alive_timeout=3, port=8123
    )
    config = server.server_config(settings, "assistant.service.app:app_from_environment", workers=2)
    assert config.http is protocol and config.header_timeout == 7
    assert config.h11_max_incomplete_event_size == MAX_HEAD_BYTES
    assert (config.limit_concurrency, config.timeout_keep_alive) == (321, 3)
    assert (config.workers, config.factory, config.port, config.access_log) == (2, True, 8123, False)
    assert config.ws == "none"


def test_forwarded_headers_are_believed_only_from_the_proxies_named():
    assert server.server_config(Settings(), app=None).proxy_headers is False
    trusted = server.server_config(Settings(forwarded_allow_ips="10.0.0.5, 10.1.0.0/16"), app=None)
    assert trusted.proxy_headers is True and trusted.forwarded_allow_ips == "10.0.0.5, 10.1.0.0/16"


def test_the_open_file_limit_is_raised_to_the_hard_limit(monkeypatch):
    limits = {"now": (1024, 65536)}
    monkeypatch.setattr(resource, "getrlimit", lambda kind: limits["now"])
    monkeypatch.setattr(resource, "setrlimit", lambda kind, value: limits.update(now=value))
    assert server.raise_open_file_limit() == 65536 and limits["now"] == (65536, 65536)


def test_the_defaults_hold_the_bounds_promised():
    # The e2e tests serve with 2 s deadlines; this holds what a server started with no settings gets.
    config = server.server_config(Settings.model_construct(), app=None)  # the defaults, not the environment
    assert 0 < config.header_timeout <= 30  # a trickled head is cut off within 30 s (10 s)
    assert 0 < Settings.model_construct().body_timeout <= 30  # and a stalled body (10 s)
    assert config.limit_concurrency == 1000 and config.timeout_keep_alive == 5
    assert 16 * 1024 <= MAX_HEAD_BYTES <= 64 * 1024  # 431 past 32 KiB
    assert config.h11_max_incomplete_event_size == MAX_HEAD_BYTES
    assert config.proxy_headers is False  # no one's X-Forwarded-For, by default


class FakeLibc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1


@pytest.mark.parametrize(
    ("environment", "arenas"), [({}, 2), ({"MALLOC_ARENA_MAX": "4"}, 4)], ids=["default", "set"]
)
def test_malloc_arenas_are_bounded_here_and_in_the_workers(monkeypatch, environment, arenas):
    libc = FakeLibc()
    monkeypatch.setattr(server.ctypes, "CDLL", lambda name: libc)
    monkeypatch.setattr(server.os, "environ", environment)
    assert server.limit_malloc_arenas() == arenas
    assert libc.calls == [(-8, arenas)]  # M_ARENA_MAX, in this process
    assert environment["MALLOC_ARENA_MAX"] == str(arenas)  # and in the workers it spawns


def test_no_malloc_bound_where_it_cannot_be_set(monkeypatch):
    monkeypatch.setattr(server.os, "environ", {"MALLOC_ARENA_MAX": "many"})
    assert server.limit_malloc_arenas() is None
