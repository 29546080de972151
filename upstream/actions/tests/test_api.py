"""Creating actions and posting progress through the API: what the schema states and what a client hears.

The title, the description and an update's text cannot be empty: the schema says so (`minLength`),
so an empty one is refused with the other schema problems (400, naming the field), not by a rule
the schema kept quiet. A scope unit that does not exist or that the leader does not lead, and a
linked concern outside their units, are a 404 with the sentence, as a concern not theirs is.
"""

from __future__ import annotations

from upstream.actions.models import Action, ActionUpdate
from upstream.api.tests.test_api import auth, post
from upstream.concerns.tests.helpers import released


def _create(client, user, **fields):
    body = {"title": "Break cover", "description": "A float covers breaks.", "scope_unit_id": None, **fields}
    return post(client, "/api/v1/actions", body, **auth(user))


def test_it_handles_an_empty_title_description_or_update_as_a_schema_problem(client, org):
    for field in ("title", "description"):
        for empty in ("", "   "):
            response = _create(client, org.leader, scope_unit_id=org.ward_a.pk, **{field: empty})
            assert response.status_code == 400
            error = response.json()["errors"][0]
            assert (error["loc"][-1], error["type"]) == (field, "string_too_short")
            assert error["msg"] == "Please fill this in."
    assert not Action.objects.exists()
    action = _create(client, org.leader, scope_unit_id=org.ward_a.pk).json()
    update = post(client, f"/api/v1/actions/{action['id']}/updates", {"text": " "}, **auth(org.leader))
    assert update.status_code == 400 and update.json()["errors"][0]["type"] == "string_too_short"
    assert not ActionUpdate.objects.exists()


def test_it_handles_a_scope_or_concern_not_yours_with_a_404(client, org):
    missing = _create(client, org.leader, scope_unit_id=987654)
    assert (missing.status_code, missing.json()["detail"]) == (404, "No unit with that scope_unit_id.")
    colleague = _create(client, org.leader, scope_unit_id=org.ward_b.pk)
    assert (colleague.status_code, colleague.json()["detail"]) == (
        404,
        "You can only publish actions for units you lead.",
    )
    outsider = _create(client, org.outsider, scope_unit_id=org.ward_a.pk)
    assert outsider.status_code == 404
    elsewhere = released(unit=org.ward_b).concern
    linked = _create(client, org.leader, scope_unit_id=org.ward_a.pk, concern_ids=[str(elsewhere.pk)])
    assert (linked.status_code, linked.json()["detail"]) == (
        404,
        "One of the linked concerns is not in your units.",
    )
    assert not Action.objects.exists()


def test_the_schema_states_the_minimum_lengths_and_the_404(client, db):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    assert components["ActionIn"]["properties"]["title"]["minLength"] == 1
    assert components["ActionIn"]["properties"]["description"]["minLength"] == 1
    assert components["UpdateIn"]["properties"]["text"]["minLength"] == 1
    assert "404" in schema["paths"]["/api/v1/actions"]["post"]["responses"]


def test_a_direction_override_in_a_title_is_not_stored_from_the_page_or_the_api(client, org):
    """U+202E inside a title reversed the rest of it for every reader ("Float nurse on nights
    LTR eltit"), and a published title cannot be corrected (a new-user walk)."""
    from django.urls import reverse

    from conftest import PASSWORD

    client.login(username="leader_a", password=PASSWORD)
    page = client.post(
        reverse("actions:new"),
        {
            "title": "Float nurse on nights \u202eRTL title",
            "description": "Cover \u2066for\u2069 breaks.",
            "scope": org.ward_a.pk,
        },
    )
    assert page.status_code == 302
    api = _create(client, org.leader, scope_unit_id=org.ward_a.pk, title="Break \u202dcover\u202c on nights")
    assert api.status_code == 201 and api.json()["title"] == "Break cover on nights"
    titles = set(Action.objects.values_list("title", flat=True))
    assert titles == {"Float nurse on nights RTL title", "Break cover on nights"}
    assert Action.objects.get(title__startswith="Float").description == "Cover for breaks."
    # The marks that only hint a direction (an Arabic or Hebrew writer's RLM) are kept.
    marked = _create(client, org.leader, scope_unit_id=org.ward_a.pk, title="תורנות\u200f לילה")
    assert marked.json()["title"] == "תורנות\u200f לילה"
