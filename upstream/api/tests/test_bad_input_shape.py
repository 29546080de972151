"""Every 400 is documented as the body it really is: `detail`, and `errors` with `loc`, `type` and
`msg` for each problem.

About fifty operations declared their 400 as the plain `Error` (a handler's one-sentence refusal),
while the same operations answer a request that does not match the schema with an `errors` list
too: the document said less than the answer held. Real 400 bodies are checked here against the
schema the document states for that operation.
"""

from __future__ import annotations

import jsonschema

from upstream.api.tests.test_api import auth, post
from upstream.concerns.tests.helpers import released

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _documented_400(schema: dict, path: str, method: str) -> dict:
    return schema["paths"][path][method]["responses"]["400"]["content"]["application/json"]["schema"]


def _assert_matches(schema: dict, path: str, method: str, body: dict) -> None:
    """The body against the operation's documented 400, its references read from the document."""
    documented = {**_documented_400(schema, path, method), "components": schema["components"]}
    jsonschema.validate(body, documented, cls=jsonschema.Draft202012Validator)


def test_it_documents_every_400_with_the_errors_list(client, db):
    schema = client.get("/api/openapi.json").json()
    answers = [
        (path, method, _documented_400(schema, path, method))
        for path, item in schema["paths"].items()
        for method in item
    ]
    assert [(path, method) for path, method, answer in answers if answer == ERROR_REF] == []
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"loc", "type", "msg"}
    errors = schema["components"]["schemas"]["ValidationErrorOut"]["properties"]["errors"]
    assert errors["items"] == {"$ref": "#/components/schemas/Problem"}
    # An operation that declares `Error` in code is among them.
    assert _documented_400(schema, "/api/v1/concerns", "post") == {
        "$ref": "#/components/schemas/ValidationErrorOut"
    }


def test_it_answers_schema_problems_as_documented(client, org):
    schema = client.get("/api/openapi.json").json()
    released(unit=org.ward_a)
    cases = [
        ("/api/v1/concerns", "post", org.reporter, {"text": "short", "colour": "red"}),
        ("/api/v1/actions", "post", org.leader, {"title": "", "scope_unit_id": "four"}),
        ("/api/v1/deputies", "post", org.leader, {"person": "chair", "starts_on": "soon"}),
        ("/api/v1/receipts/lookup", "post", None, {"receipt": "HD8J"}),
    ]
    for path, method, user, body in cases:
        response = post(client, path, body, **(auth(user) if user else {}))
        assert response.status_code == 400, (path, response.content)
        assert response.json()["errors"], path
        _assert_matches(schema, path, method, response.json())


def test_a_services_one_sentence_refusal_matches_it_too(client, org):
    schema = client.get("/api/openapi.json").json()
    done = released(unit=org.ward_a)
    path = "/api/v1/concerns/{concern_id}/status"
    response = post(
        client, f"/api/v1/concerns/{done.concern.pk}/status", {"status": "closed"}, **auth(org.leader)
    )
    assert response.status_code == 400 and "errors" not in response.json()
    _assert_matches(schema, path, "post", response.json())


def test_a_body_that_is_not_json_is_a_schema_problem_in_our_words(client, org):
    """It was ninja's `{"detail": "Cannot parse request body"}`, English and without `errors`."""
    schema = client.get("/api/openapi.json").json()
    response = post(client, "/api/v1/concerns", "{not json", **auth(org.reporter))
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert (problem["loc"], problem["type"]) == (["body"], "json_invalid")
    assert problem["msg"] == response.json()["detail"]
    assert problem["msg"].startswith("The body is not JSON.")
    _assert_matches(schema, "/api/v1/concerns", "post", response.json())


def test_nan_and_infinity_are_not_json_numbers(client, org):
    """Python's JSON reader takes NaN and Infinity; JSON (RFC 8259) has no such numbers. A fuzz sent
    `NaN` for an id and was told it was not a whole number, "for example 2.5"."""
    for body in ('{"text": "Nights are hard and long.", "unit_id": NaN}', '{"unit_id": -Infinity}'):
        response = post(client, "/api/v1/concerns", body, **auth(org.reporter))
        assert response.status_code == 400, body
        assert [e["type"] for e in response.json()["errors"]] == ["json_invalid"], body
