"""An optional query parameter is left out, or sent empty; never null.

The schema stated every optional query parameter (and the Idempotency-Key header) as
`anyOf [X, {"type": "null"}]`, pydantic's `X | None`. Client generators and fuzzers read that as
"send null", and a query string has no null: a generated client sent `?unit_id=None`, and a fuzzer's
empty `?unit_id=` was a 400 where the same empty `?theme=` listed everything (a fuzzing walk). Now the
schema says what may be sent, and an empty value counts as left out, whatever the parameter's type.
"""

from __future__ import annotations

from upstream.api.tests.test_endpoints import auth
from upstream.concerns.tests.helpers import released


def _parameters(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                yield method, path, parameter


def _nulls(node) -> bool:
    if isinstance(node, dict):
        return node.get("type") == "null" or any(_nulls(value) for value in node.values())
    if isinstance(node, list):
        return any(_nulls(item) for item in node)
    return False


def test_no_parameter_offers_null(client, db):
    schema = client.get("/api/openapi.json").json()
    nullable = [
        f"{method.upper()} {path} {parameter['name']}"
        for method, path, parameter in _parameters(schema)
        if _nulls(parameter["schema"])
    ]
    assert not nullable, nullable
    inbox = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/inbox"]["get"]["parameters"]}
    # What the alternative said is kept: the type, its bounds, its description.
    assert inbox["unit_id"]["type"] == "integer" and inbox["unit_id"]["minimum"] == 1
    assert inbox["status"]["enum"][0] == "open" and inbox["status"]["description"]
    assert "default" not in inbox["urgent"] and inbox["urgent"]["type"] == "boolean"


def test_every_optional_query_parameter_sent_empty_is_as_if_left_out(client, org):
    """Each GET without a path parameter, each optional query parameter sent empty in turn: the
    same status as without it (a number, a date, a choice or a true/false sent empty was a 400)."""
    released(unit=org.ward_a)
    headers = auth(org.leader)
    schema = client.get("/api/openapi.json").json()
    checked = []
    for method, path, parameter in _parameters(schema):
        if method != "get" or "{" in path or parameter["in"] != "query" or parameter.get("required"):
            continue
        left_out = client.get(path, **headers).status_code
        empty = client.get(f"{path}?{parameter['name']}=", **headers).status_code
        assert (path, parameter["name"], empty) == (path, parameter["name"], left_out)
        checked.append(parameter["name"])
    assert {"unit_id", "status", "urgent", "since", "period", "role", "cursor"} <= set(checked)


def test_an_empty_filter_lists_what_no_filter_lists(client, org):
    released(unit=org.ward_a)
    released(unit=org.ward_a, text="The night shift has no break cover on the east corridor.")
    headers = auth(org.leader)
    everything = client.get("/api/v1/inbox", **headers).json()["items"]
    assert len(everything) == 2
    empty = client.get("/api/v1/inbox?status=&urgent=&unit_id=&theme=", **headers)
    assert empty.status_code == 200 and empty.json()["items"] == everything


def test_null_is_text_like_any_other(client, org):
    """There is no null to send in a query string: `null` is the four letters, refused where they
    are not a value the parameter takes, with the words for what it takes."""
    answer = client.get("/api/v1/inbox?unit_id=null", **auth(org.leader))
    problem = answer.json()["errors"][0]
    assert (answer.status_code, problem["loc"], problem["type"]) == (400, ["query", "unit_id"], "int_parsing")
    status = client.get("/api/v1/inbox?status=null", **auth(org.leader))
    assert status.status_code == 400 and "'open'" in status.json()["detail"]
