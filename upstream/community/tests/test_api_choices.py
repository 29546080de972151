"""A value outside a choice field's list is a schema problem: 400 with `errors` at the field.

Found by fuzzing: the schema listed the choices (campaign `kind`, resource `category`, `language`
and use `kind`, ask `decision`, mentoring `wants` and `career_stage`, gathering `kind`), but only
the service refused another value, with a sentence and no `errors` ("Choose inside the hospital or
for patients."), so a client could not tell which field was wrong.
"""

from __future__ import annotations

import pytest

from upstream.community.models import Campaign, Category, Gathering, MentorProfile, ResourceUse

BAD = "bogus"


def _problem_at(response, field: str) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    found = [e for e in body.get("errors", []) if e["loc"][-1] == field]
    assert found, body
    assert found[0]["type"] in ("literal_error", "enum")
    assert found[0]["msg"].startswith("Please choose one of: ")
    return found[0]


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("post", "/api/v1/community/campaigns", "kind"),
        ("post", "/api/v1/community/campaigns/asks/1/answer", "decision"),
        ("post", "/api/v1/community/resources", "category"),
        ("post", "/api/v1/community/resources", "language"),
        ("post", "/api/v1/community/resources/1/uses", "kind"),
        ("put", "/api/v1/community/mentoring/profile", "wants"),
        ("put", "/api/v1/community/mentoring/profile", "career_stage"),
        ("post", "/api/v1/community/gatherings", "kind"),
    ],
)
def test_it_handles_a_value_outside_a_choice_field_as_a_problem_at_that_field(
    client, org, method, path, field
):
    client.force_login(org.reporter)
    response = getattr(client, method)(path, {field: BAD}, content_type="application/json")
    problem = _problem_at(response, field)
    assert problem["loc"] == ["body", "payload", field]


def test_the_schema_still_lists_each_fields_choices(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    expected = {
        ("CampaignIn", "kind"): Campaign.Kind.values,
        ("ResourceIn", "category"): Category.values,
        ("UseIn", "kind"): ResourceUse.Kind.values,
        ("ProfileIn", "wants"): MentorProfile.Wants.values,
        ("GatheringIn", "kind"): Gathering.Kind.values,
    }
    for (schema, field), values in expected.items():
        assert schemas[schema]["properties"][field]["enum"] == list(values), (schema, field)
    assert "" in schemas["ResourceIn"]["properties"]["language"]["enum"]


def test_a_listed_choice_passes_the_schema(client, org):
    client.force_login(org.reporter)
    response = client.post(
        "/api/v1/community/campaigns", {"kind": Campaign.Kind.values[0]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not [e for e in response.json()["errors"] if e["loc"][-1] == "kind"]
