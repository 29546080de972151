"""Every operation has a short, stable, unique operationId in snake_case.

They were the views' Python paths (`upstream_concerns_api_leader_inbox`, up to 57 characters), which
client generators made into method names and which changed whenever a view moved. They now come from
one table, `upstream/api/operation_ids.py`, keyed by method and path.
"""

from __future__ import annotations

import re

from upstream.api.operation_ids import OPERATION_IDS

SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def _operations(client) -> dict[str, str]:
    """{"GET /v1/inbox": operationId} of the served schema."""
    schema = client.get("/api/openapi.json").json()
    return {
        f"{method.upper()} {path.removeprefix('/api')}": operation["operationId"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


def test_every_operation_has_a_short_unique_snake_case_id(client, db):
    operations = _operations(client)
    ids = list(operations.values())
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for operation, name in operations.items():
        assert SNAKE.fullmatch(name) and len(name) <= 32, (operation, name)
        assert not name.startswith("upstream"), (operation, name)  # ninja's Python path: no line in the table


def test_the_table_names_exactly_the_operations_there_are(client, db):
    """A line for an operation that is gone (or moved) would rename nothing and hide the one that
    took its place."""
    assert set(_operations(client)) == set(OPERATION_IDS)


def test_the_names_clients_already_use_stay(client, db):
    operations = _operations(client)
    assert operations["GET /v1/inbox"] == "list_inbox"
    assert operations["POST /v1/concerns"] == "submit_concern"
    assert operations["GET /v1/concerns/{concern_id}"] == "get_concern"
    assert operations["POST /v1/receipts/reply"] == "reply_with_receipt"
    assert operations["DELETE /v1/tokens/{token_id}"] == "revoke_token"
