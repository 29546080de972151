"""What an API client is told when a well-formed request about a concern cannot be done.

A request the schema allows is never a 400 for a reason the schema could not state: a unit or role
group that is not yours is a 404 (as a concern outside your units is), a status move the concern's
current status does not allow is a 409, each with the sentence the page shows. The role groups are
a fixed list, so the schema lists them and anything else is a 400 there.
"""

from __future__ import annotations

import jsonschema

from upstream.api.tests.test_api import auth, post
from upstream.concerns.models import Concern, Status
from upstream.concerns.tests.helpers import released
from upstream.org.models import RoleGroup


def test_it_handles_a_status_move_the_current_status_does_not_allow_with_a_409(client, org):
    concern = released(unit=org.ward_a).concern
    url = f"/api/v1/concerns/{concern.pk}/status"
    assert post(client, url, {"status": "acknowledged"}, **auth(org.leader)).status_code == 200
    back = post(client, url, {"status": "new"}, **auth(org.leader))
    assert (back.status_code, back.json()["detail"]) == (
        409,
        "A concern that is acknowledged cannot move to new.",
    )
    concern.refresh_from_db()
    assert concern.status == Status.ACKNOWLEDGED
    # The colleague and the outsider still get the 404 of a concern that is not theirs.
    for other in (org.other_leader, org.outsider):
        assert post(client, url, {"status": "closed", "explanation": "x"}, **auth(other)).status_code == 404
    # A rule the schema cannot state stays a 400: closing needs an explanation.
    unexplained = post(client, url, {"status": "closed"}, **auth(org.leader))
    assert unexplained.status_code == 400 and "explanation" in unexplained.json()["detail"]


def test_it_handles_a_role_group_that_is_not_yours_with_a_404_and_an_unknown_one_with_a_400(client, org):
    body = {"text": "Nobody covers our lunch breaks on nights.", "unit_id": org.ward_a.pk}
    not_mine = post(client, "/api/v1/concerns", {**body, "role_group": "resident"}, **auth(org.reporter))
    assert (not_mine.status_code, not_mine.json()["detail"]) == (
        404,
        "Choose one of your own role groups, or leave it out.",
    )
    unknown = post(client, "/api/v1/concerns", {**body, "role_group": "surgeon"}, **auth(org.reporter))
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["type"] == "literal_error"
    assert not Concern.objects.exists()
    # Leaving it out, null and "" are the same.
    for role in (None, ""):
        assert (
            post(client, "/api/v1/concerns", {**body, "role_group": role}, **auth(org.reporter)).status_code
            == 201
        )
    mine = post(client, "/api/v1/concerns", {**body, "role_group": "nurse"}, **auth(org.reporter))
    assert mine.status_code == 201


def test_the_schema_lists_the_role_groups_and_the_answers_of_each_concern_operation(client, db):
    schema = client.get("/api/openapi.json").json()
    submit = schema["components"]["schemas"]["ConcernIn"]["properties"]["role_group"]
    assert set(submit["anyOf"][0]["enum"]) == {"", *RoleGroup.values}
    paths = schema["paths"]
    assert {"400", "404", "409", "429"} <= set(paths["/api/v1/concerns"]["post"]["responses"])
    assert {"400", "404", "409"} <= set(paths["/api/v1/concerns/{concern_id}/status"]["post"]["responses"])
    assert "404" in paths["/api/v1/inbox"]["get"]["responses"]
    assert "404" in paths["/api/v1/concerns/{concern_id}/merge"]["post"]["responses"]
    assert "404" in paths["/api/v1/concerns/{concern_id}/themes"]["post"]["responses"]


def _valid_body(client, component: str, body: dict) -> bool:
    schema = client.get("/api/openapi.json").json()
    documented = {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    return jsonschema.Draft202012Validator(documented).is_valid(body)


def test_the_schema_states_that_closing_needs_an_explanation(client, org):
    """A close with `"explanation": ""` was schema-valid and refused with 400 (Schemathesis)."""
    assert not _valid_body(client, "StatusIn", {"status": "closed", "explanation": ""})
    assert not _valid_body(client, "StatusIn", {"status": "closed", "explanation": " \r\n "})
    assert not _valid_body(client, "StatusIn", {"status": "closed"})
    assert _valid_body(client, "StatusIn", {"status": "closed", "explanation": " Fixed. "})
    assert _valid_body(client, "StatusIn", {"status": "acknowledged"})
    concern = released(unit=org.ward_a).concern
    url = f"/api/v1/concerns/{concern.pk}/status"
    blank = post(client, url, {"status": "closed", "explanation": "  "}, **auth(org.leader))
    assert blank.status_code == 400
    closed = post(client, url, {"status": "closed", "explanation": "Fixed."}, **auth(org.leader))
    assert closed.status_code == 200
