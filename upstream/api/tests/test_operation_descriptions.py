"""Every operation in /api/openapi.json has a description beyond its summary: who may call it, what
it answers and its errors. 53 of 122 had only a summary ("Detail", "Leave", "Your matches"), so
hospital IT learned who may call them, and with what result, by trying (integrator's probe)."""

from __future__ import annotations

import pytest

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.mark.django_db
def test_every_operation_has_a_description(client):
    schema = client.get("/api/openapi.json").json()
    operations = {
        f"{method.upper()} {path}": operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in METHODS
    }
    assert len(operations) > 100, "the walk above no longer finds the operations"
    bare = sorted(name for name, op in operations.items() if len((op.get("description") or "").split()) < 8)
    assert not bare, "Operations without a description:\n" + "\n".join(bare)
