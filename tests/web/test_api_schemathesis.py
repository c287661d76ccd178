"""Schemathesis against the live app: every operation of the document, as a coordinator and as an
applicant, with generated valid and hostile input. Every response must conform to the document
(status, media type, body schema, headers), invalid input must be refused, and nothing may
answer 5xx."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from tests.web import api_support
from tests.web.api_support import World
from web.api import api

# The shared fixtures of the API tests.
bearer = api_support.bearer
world = api_support.world
MAX_EXAMPLES = 10  # per operation, mode and role: about two minutes on both databases
ROLES = ("coordinator", "applicant")
CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.negative_data_rejection,
    openapi_checks.ignored_auth,
]


def _records(world: World) -> dict[str, Any]:
    """Path parameters naming records that exist, so valid bodies meet real rows."""
    return {
        "expert_id": world.expert,
        "assignment_id": world.published,
        "request_id": world.request,
    }


def _schema(app, token: str):
    """Load the document from the app, authenticating as the token (schemathesis knows it)."""
    config = schemathesis.Config.from_dict({"auth": {"openapi": {"bearerAuth": {"bearer": token}}}})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_the_api_keeps_its_document(app, world: World, role: str, mode: GenerationMode):
    token = world.headers[role]["Authorization"].removeprefix("Bearer ")
    operations = [result.ok() for result in _schema(app, token).get_all_operations()]
    assert len(operations) == len(api.operations)
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        # Valid requests name records that exist, so bodies meet real rows; hostile ones do not.
        fixed = {k: v for k, v in _records(world).items() if k in names}
        if mode == GenerationMode.NEGATIVE:
            fixed = {}

        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed or None))
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            case.call_and_validate(checks=CHECKS)

        exercise()
