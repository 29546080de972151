"""What the schema fuzz tests share: the checks, the bounds, a token per request, and a database
connection the WSGI app must not close under the test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.core import signals
from django.db import close_old_connections
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from upstream.api.models import ApiToken
from upstream.api.tokens import PREFIX, _digest
from upstream.org.models import User

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Bounded for `make test`; raise UPSTREAM_FUZZ_EXAMPLES (and set UPSTREAM_FUZZ_COVERAGE=1 for the
# boundary-value phase) for a longer hunt.
EXAMPLES = int(os.environ.get("UPSTREAM_FUZZ_EXAMPLES", "8"))
COVERAGE = os.environ.get("UPSTREAM_FUZZ_COVERAGE", "0") == "1"


@contextmanager
def connection_kept() -> Iterator[None]:
    """Django's WSGI handler closes the database connection after each request; the test client
    does not, and neither may these tests, or PostgreSQL loses the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def fresh_token(user: User) -> str:
    """A fresh token with every scope for each request: a generated DELETE may revoke the last one."""
    plain = PREFIX + f"fuzz{ApiToken.objects.count()}" + "x" * 20
    ApiToken.objects.create(
        user=user, name="fuzz", digest=_digest(plain), scopes=["read", "write", "admin-tokens"]
    )
    return plain
