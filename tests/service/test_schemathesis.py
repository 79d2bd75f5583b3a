"""Schemathesis fuzzes every operation in the app's OpenAPI schema: no 5xx, responses as declared."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from assistant.engine import Engine
from assistant.service.app import create_app
from assistant.settings import Settings


def app_for_fuzzing():
    settings_ = Settings(rate_limit="off", reload_interval=0, agent_token="fuzz-token")
    app = create_app(settings_)
    app.state.engine = Engine.open(settings_)  # the lifespan is not run by the ASGI transport
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", app_for_fuzzing())


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_fails_or_breaks_its_schema(case):
    # Every default check but two, which expect the schema to be the whole truth about validity:
    # a schema-valid request may still get a 422 for a rule JSON Schema cannot state (the last
    # message must be the user's; control characters alone are blank), and an invalid one may get
    # a 413 (over 64 KiB) rather than a 4xx on their list, or pass when two lone surrogates make
    # one character. No 5xx and replies as declared are what this test is for.
    case.call_and_validate(
        headers={"Authorization": "Bearer fuzz-token"},
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )


def test_the_schema_lists_the_public_operations():
    paths = set(schema.raw_schema["paths"])
    assert {"/api/chat", "/api/search", "/api/rules", "/healthz"} <= paths
    assert all(not path.startswith(("/static", "/widget")) for path in paths), paths


pytestmark = pytest.mark.filterwarnings("ignore")
