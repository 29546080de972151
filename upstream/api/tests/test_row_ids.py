"""Every id of a database row a request takes states its range, and one out of it is a schema problem.

Schemathesis sent 2**63 as a wave's unit id and got a 500 (no integer column holds it); the other ids
in paths, queries and bodies stated no range, so a client or a fuzzer could not know that 0, a
negative or 2**63 is no id, and they got a 404 or, past the largest integer, a server error. Every
such id is now `RowId` (1 to 2**63 - 1): the schema says so, and a value out of it is the
documented 400, in the product's words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from django.utils.formats import number_format

from upstream.actions.models import Action
from upstream.api.schemas import ID_MAX
from upstream.api.tests.test_api import auth, post
from upstream.community.models import Gathering
from upstream.lib.forms import NUMBER_AT_LEAST, NUMBER_AT_MOST

# Ids whose names do not say so: the dashboards' `unit`, a survey's results `within` a unit.
NAMED_OTHERWISE = {"unit", "within"}


def _is_id(name: str, node: dict[str, Any]) -> bool:
    described = re.search(r"\bids?\b", str(node.get("description", "")), re.IGNORECASE)
    return name == "id" or name.endswith(("_id", "_ids")) or name in NAMED_OTHERWISE or bool(described)


def _integers(node: dict[str, Any], components: dict[str, Any], where: str, depth: int = 0):
    """(where, schema) for each integer in a parameter's or a body's schema, in lists, objects and
    alternatives. An object's own `properties` hold for every alternative beside them (a
    `json_schema_extra` anyOf adds to them), so an alternative is walked only for the others."""
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[1]]
    if depth > 10:
        return
    if node.get("type") == "integer":
        yield where, node
    own = node.get("properties", {})
    for name, field in own.items():
        yield from _integers(field, components, f"{where}.{name}", depth + 1)
    for alternative in node.get("anyOf", []) + node.get("allOf", []) + node.get("oneOf", []):
        others = {k: v for k, v in alternative.get("properties", {}).items() if k not in own}
        yield from _integers({**alternative, "properties": others}, components, where, depth + 1)
    if isinstance(node.get("items"), dict):
        yield from _integers(node["items"], components, f"{where}[]", depth + 1)


def _request_ids(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each integer id a request takes, by where it is, with its schema."""
    components = schema["components"]["schemas"]
    found = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                where = f"{method.upper()} {path} {parameter['in']} {parameter['name']}"
                for place, node in _integers(parameter["schema"], components, where):
                    if _is_id(parameter["name"], {**parameter, **node}):
                        found[place] = node
            for content in operation.get("requestBody", {}).get("content", {}).values():
                where = f"{method.upper()} {path} body"
                for place, node in _integers(content["schema"], components, where):
                    name = re.sub(r"\[\]$", "", place).rsplit(".", 1)[-1]
                    if _is_id(name, node):
                        found[place] = node
    return found


def test_the_schema_states_the_range_of_every_id_a_request_takes(client, db):
    ids = _request_ids(client.get("/api/openapi.json").json())
    # The walk reaches ids in paths, queries and bodies, in lists and in optional fields.
    for place in (
        "POST /api/v1/actions/{action_id}/publish path action_id",
        "GET /api/v1/inbox query unit_id",
        "GET /api/v1/insights/dashboard query unit",
        "GET /api/v1/surveys/waves/{wave_id}/results query within",
        "POST /api/v1/concerns body.unit_id",
        "POST /api/v1/surveys/waves body.unit_ids[]",
        "POST /api/v1/community/thanks body.person_id",
    ):
        assert place in ids, place
    unranged = {place: (n.get("minimum"), n.get("maximum")) for place, n in ids.items()}
    unranged = {place: bounds for place, bounds in unranged.items() if bounds != (1, ID_MAX)}
    assert unranged == {}


def _words(kind: str) -> str:
    if kind == "greater_than_equal":
        return NUMBER_AT_LEAST % {"least": "1"}
    return NUMBER_AT_MOST % {"most": number_format(ID_MAX, force_grouping=True)}


OUT_OF_RANGE = [(0, "greater_than_equal"), (-1, "greater_than_equal"), (2**63, "less_than_equal")]


@pytest.mark.parametrize(("value", "kind"), OUT_OF_RANGE)
@pytest.mark.parametrize(
    ("method", "path", "loc"),
    [
        ("post", "/api/v1/actions/{}/publish", ["path", "action_id"]),
        ("get", "/api/v1/community/gatherings/{}", ["path", "gathering_id"]),
        ("get", "/api/v1/surveys/waves/{}/results", ["path", "wave_id"]),
        ("get", "/api/v1/inbox?unit_id={}", ["query", "unit_id"]),
        ("get", "/api/v1/audit/reads?leader_id={}", ["query", "leader_id"]),
    ],
)
def test_an_id_out_of_range_in_a_path_or_query_is_a_400_in_our_words(
    client, org, method, path, loc, value, kind
):
    answer = getattr(client, method)(path.format(value), **auth(org.leader))
    assert answer.status_code == 400, answer.content
    [problem] = answer.json()["errors"]
    assert (problem["loc"], problem["type"]) == (loc, kind)
    assert problem["msg"] == _words(kind)
    assert _words(kind) in answer.json()["detail"]


@pytest.mark.parametrize(("value", "kind"), OUT_OF_RANGE)
def test_an_id_out_of_range_in_a_body_is_a_400_in_our_words_and_saves_nothing(client, org, value, kind):
    body = {"title": "Break cover", "description": "Float nurse at lunch.", "scope_unit_id": value}
    english = _words(kind)
    with translation.override("es"):
        spanish = _words(kind)
    answer = post(client, "/api/v1/actions", body, HTTP_ACCEPT_LANGUAGE="es", **auth(org.leader))
    assert answer.status_code == 400, answer.content
    [problem] = answer.json()["errors"]
    assert (problem["loc"], problem["type"]) == (["body", "payload", "scope_unit_id"], kind)
    assert problem["msg"] == spanish != english
    if value > 0:  # the bound in the reader's own digit grouping, not English commas
        assert "9,223" in english and "9,223" not in spanish and "9\xa0223" in spanish
    assert not Action.objects.exists()


def test_a_gathering_for_a_unit_id_out_of_range_is_a_400_and_nothing_is_planned(client, org):
    body = {
        "kind": "community_event",
        "title": "Coffee and cake",
        "description": "In the staff room, all afternoon.",
        "scope_unit_id": 2**63,
        "location": "Staff room",
        "starts_at": "2027-02-01T15:00",
        "ends_at": "2027-02-01T17:00",
        "capacity": 30,
    }
    answer = post(client, "/api/v1/community/gatherings", body, **auth(org.chair))
    assert answer.status_code == 400, answer.content
    [problem] = answer.json()["errors"]
    assert (problem["loc"], problem["msg"]) == (
        ["body", "payload", "scope_unit_id"],
        _words("less_than_equal"),
    )
    assert not Gathering.objects.exists()
