"""Every query parameter in /api/openapi.json says what it does.

Hospital IT reads /api/docs to learn the API: a parameter with no description (23 of 55 once, among
them `status` and `urgent` of the inbox and the `days` of the counts) leaves them guessing its values
and default. Ninja documents a query parameter's description only when it is given to `Query(...)`;
one written with `Annotated[..., Field(description=...)]` is dropped, so this reads the schema itself.
"""

from __future__ import annotations

import pytest


def _query_parameters(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    yield f"{method.upper()} {path} {parameter['name']}", parameter


def _described(parameter) -> bool:
    text = parameter.get("description") or parameter.get("schema", {}).get("description") or ""
    return bool(text.strip())


@pytest.mark.django_db
def test_every_query_parameter_has_a_description(client):
    schema = client.get("/api/openapi.json").json()
    parameters = dict(_query_parameters(schema))
    assert parameters, "the schema lists no query parameter: the walk above no longer finds them"
    undescribed = sorted(name for name, parameter in parameters.items() if not _described(parameter))
    assert not undescribed, "Query parameters with no description:\n" + "\n".join(undescribed)


@pytest.mark.django_db
def test_a_description_leaves_the_parameter_as_it_was(client):
    """The descriptions came with `Query(default, description=...)`: the default, bounds, pattern and
    enum, and whether it is required, are what they were before."""
    parameters = dict(_query_parameters(client.get("/api/openapi.json").json()))
    inbox_limit = parameters["GET /api/v1/inbox limit"]["schema"]
    assert (inbox_limit["default"], inbox_limit["minimum"], inbox_limit["maximum"]) == (30, 1, 100)
    status = parameters["GET /api/v1/inbox status"]["schema"]["enum"]
    assert status == ["open", "new", "acknowledged", "in_progress", "action_taken", "closed"]
    days = parameters["GET /api/v1/community/peer/counts days"]["schema"]
    assert (days["default"], days["minimum"], days["maximum"]) == (90, 1, 730)
    country = parameters["GET /api/v1/community/resources country"]["schema"]
    assert country["pattern"] == "^(all|[A-Za-z]{2})?$" and country["default"] == ""  # all: every country
    assert parameters["GET /api/v1/community/resources language"]["schema"]["enum"] == ["", "all"]
    words = parameters["GET /api/v1/community/resources q"]["schema"]
    assert words["maxLength"] == 200 and "pattern" in words
    purpose = parameters["GET /api/v1/speakup/allowance purpose"]["schema"]
    assert purpose["default"] == "concern" and purpose["pattern"].startswith("^(concern|wave:")
    for required in (
        "GET /api/v1/surveys/trends instrument",
        "GET /api/v1/surveys/trends score",
        "GET /api/v1/units/group-check unit_id",
    ):
        assert parameters[required]["required"] is True, required
    assert parameters["GET /api/v1/inbox unit_id"].get("required") is not True
