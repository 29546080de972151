"""Request bodies a client generator can model, still saying which bodies the API refuses.

StatusIn and ThanksIn stated their cross-field rules as a top-level `anyOf` of partial objects:
openapi-python-client made each a union of two half-models, one without `closed` and `explanation`,
the other without `status`, so its client could not close a concern or thank anyone (an
integrator's walk). The rules are now `if`/`then`, which generators leave to the server and a
schema validator (or a fuzzer) still applies.
"""

from __future__ import annotations

import jsonschema
import pytest


def _components(client) -> dict:
    return client.get("/api/openapi.json").json()["components"]["schemas"]


def _validator(components: dict, name: str) -> jsonschema.Draft202012Validator:
    # The component on its own, its $refs ("#/components/schemas/X") pointed at $defs beside it.
    return jsonschema.Draft202012Validator(_rewrite_refs({**components[name], "$defs": components}))


def _rewrite_refs(node):
    if isinstance(node, dict):
        return {
            key: value.replace("#/components/schemas/", "#/$defs/") if key == "$ref" else _rewrite_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


def test_no_request_body_is_an_alternative_of_partial_objects(client, db):
    for name, schema in _components(client).items():
        assert not ({"anyOf", "oneOf"} & set(schema) and "properties" in schema), name


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({"status": "acknowledged"}, True),
        ({"status": "closed", "explanation": "We added a night float from Monday."}, True),
        ({"status": "closed"}, False),
        ({"status": "closed", "explanation": "   "}, False),
        ({"status": "in_progress", "from_status": "acknowledged"}, True),
    ],
)
def test_closing_needs_an_explanation_in_the_schema_too(client, db, body, valid):
    assert _validator(_components(client), "StatusIn").is_valid(body) is valid


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({"text": "Thank you for covering", "person_id": 4}, True),
        ({"text": "Thank you for covering", "team_id": 2}, True),
        ({"text": "Thank you for covering", "person_id": 4, "team_id": None}, True),
        ({"text": "Thank you for covering"}, False),
        ({"text": "Thank you for covering", "person_id": 4, "team_id": 2}, False),
        ({"text": "Thank you for covering", "person_id": None, "team_id": None}, False),
    ],
)
def test_thanks_name_exactly_one_colleague_or_team_in_the_schema_too(client, db, body, valid):
    assert _validator(_components(client), "ThanksIn").is_valid(body) is valid
