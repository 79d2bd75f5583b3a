"""Whose word the server takes for a client's address: by default no one's, so rotating
X-Forwarded-For does not pass the rate limit; with ASSISTANT_FORWARDED_ALLOW_IPS naming the proxy,
the proxy's word, so each learner behind it is counted apart."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers.servers import copy_of_current_index, serving


def statuses(url: str, forwarded_for: list[str]) -> list[int]:
    with httpx.Client() as client:
        return [
            client.get(
                f"{url}/api/search", params={"q": "refund"}, headers={"X-Forwarded-For": ip}
            ).status_code
            for ip in forwarded_for
        ]


@pytest.fixture
def environment(tmp_path) -> dict[str, str]:
    index = copy_of_current_index(tmp_path / "index")
    return {
        "ASSISTANT_INDEX_DIR": str(index),
        "ASSISTANT_RATE_LIMIT": "3/minute",
        "ASSISTANT_RELOAD_INTERVAL": "0",
    }


def test_by_default_a_forwarded_address_is_not_believed(environment):
    with serving(environment) as server:
        rotated = [f"203.0.113.{n}" for n in range(5)]
        assert statuses(server.url, rotated) == [200, 200, 200, 429, 429]


def test_from_a_trusted_proxy_each_forwarded_client_is_counted_apart(environment):
    with serving({**environment, "ASSISTANT_FORWARDED_ALLOW_IPS": "127.0.0.1"}) as server:
        assert statuses(server.url, [f"203.0.113.{n}" for n in range(5)]) == [200] * 5
        assert statuses(server.url, ["198.51.100.7"] * 4) == [200, 200, 200, 429]
