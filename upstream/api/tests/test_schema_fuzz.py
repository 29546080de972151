"""Schema-driven fuzzing: every operation in /api/openapi.json, called with generated requests.

Schemathesis reads the schema through Django's WSGI app, builds requests from it (valid and edge-case
bodies, path ids, query strings, headers) and checks each answer: never a 5xx, only the status codes
and content types the schema lists, and bodies that match the schema. Bounded (a few examples per
operation, no deadline) so the whole module runs in about a minute; CI runs it on PostgreSQL too.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from upstream.api.models import ApiToken
from upstream.api.tokens import PREFIX, _digest
from upstream.concerns.tests.helpers import released

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Generating the schema reads no table, so it loads at collection through the real WSGI stack.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# Bounded for `make test`; raise UPSTREAM_FUZZ_EXAMPLES (and set UPSTREAM_FUZZ_COVERAGE=1 for the
# boundary-value phase) for a longer hunt.
EXAMPLES = int(os.environ.get("UPSTREAM_FUZZ_EXAMPLES", "8"))
schema.config.phases.coverage.enabled = os.environ.get("UPSTREAM_FUZZ_COVERAGE", "0") == "1"


@pytest.fixture
def org_with_concerns(org):
    # Django's WSGI handler closes the database connection after each request; the test client
    # does not, and neither may this test, or PostgreSQL loses the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    # Something to find: concerns in the leader's ward, so lists and the inbox have rows to shape.
    released(unit=org.ward_a)
    released(unit=org.ward_a, text="The night shift has no break cover on the east corridor.")
    yield org
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _leader_token(org) -> str:
    """A fresh token with every scope for each request: a generated DELETE may revoke the last one."""
    plain = PREFIX + f"fuzz{ApiToken.objects.count()}" + "x" * 20
    ApiToken.objects.create(
        user=org.leader, name="fuzz", digest=_digest(plain), scopes=["read", "write", "admin-tokens"]
    )
    return plain


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_generated_request_within_the_schema(case, org_with_concerns):
    token = _leader_token(org_with_concerns)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
