"""Schema-driven fuzzing: every operation in /api/openapi.json, called with generated requests.

Schemathesis reads the schema through Django's WSGI app, builds requests from it (valid and edge-case
bodies, path ids, query strings, headers) and checks each answer: never a 5xx, only the status codes
and content types the schema lists, and bodies that match the schema. Bounded (a few examples per
operation, no deadline) so the whole module runs in about a minute; CI runs it on PostgreSQL too.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from upstream.api.tests.fuzzing import CHECKS, COVERAGE, EXAMPLES, connection_kept, fresh_token
from upstream.concerns.tests.helpers import released

# Generating the schema reads no table, so it loads at collection through the real WSGI stack.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
schema.config.phases.coverage.enabled = COVERAGE


@pytest.fixture
def org_with_concerns(org):
    with connection_kept():
        # Something to find: concerns in the leader's ward, so lists and the inbox have rows to shape.
        released(unit=org.ward_a)
        released(unit=org.ward_a, text="The night shift has no break cover on the east corridor.")
        yield org


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_generated_request_within_the_schema(case, org_with_concerns):
    token = fresh_token(org_with_concerns.leader)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
