"""A draft can be corrected before staff see it: its title, text, scope and linked concerns, on the page
and in the API. Once published it cannot be rewritten (a typo in a title used to go to every staff
member, with no way to fix it)."""

from __future__ import annotations

import json

from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import Action
from upstream.api.tests.test_api import auth
from upstream.concerns.models import Event
from upstream.concerns.tests.helpers import released


def draft(org, **fields) -> Action:
    return services.create_action(
        org.leader,
        title=fields.get("title", "Brake cover on nihgts"),
        description="A float nurse covers breaks.",
        scope=org.ward_a,
        concern_ids=fields.get("concern_ids", []),
    )


def test_a_leader_corrects_a_drafts_title_and_links_on_its_page(client, org):
    first = released(unit=org.ward_a).concern
    second = released("No float nurse at night for breaks.", unit=org.ward_a).concern
    action = draft(org, concern_ids=[str(first.pk)])
    client.login(username="leader_a", password=PASSWORD)
    edit = reverse("actions:edit", args=[action.pk])
    assert f'href="{edit}"' in client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    form = client.get(edit).content.decode()
    assert 'value="Brake cover on nihgts"' in form and "Edit the draft" in form

    refused = client.post(edit, {"title": "", "description": "x", "scope": str(org.ward_a.pk)})
    assert refused.status_code == 400
    action.refresh_from_db()
    assert action.title == "Brake cover on nihgts"  # nothing saved by a refused form

    done = client.post(
        edit,
        {
            "title": "Break cover on nights",
            "description": "A float nurse covers every break.",
            "scope": str(org.ward_a.pk),
            "concerns": [str(second.pk)],
        },
        follow=True,
    )
    assert "Draft saved." in done.content.decode()
    action.refresh_from_db()
    assert action.title == "Break cover on nights" and action.state == Action.State.DRAFT
    assert list(action.concerns.all()) == [second]
    assert not Event.objects.filter(kind=Event.Kind.ACTION_LINKED).exists()  # a draft tells no thread

    services.publish_action(action, leader=org.leader)
    assert list(second.events.values_list("explanation", flat=True)) == ["Break cover on nights"]
    assert not first.events.exists()


def test_a_published_action_is_not_rewritten_on_the_page_or_in_the_api(client, org):
    action = draft(org)
    services.publish_action(action)
    client.login(username="leader_a", password=PASSWORD)
    edit = reverse("actions:edit", args=[action.pk])
    assert "Edit the draft" not in client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    gone = client.post(
        edit, {"title": "New", "description": "New", "scope": str(org.ward_a.pk)}, follow=True
    ).content.decode()
    # Sent from a page opened before it was published: refused, the words kept (test_published_meanwhile).
    assert "a published action cannot be changed" in gone and "New</textarea>" in gone
    body = {"title": "New", "description": "New", "scope_unit_id": org.ward_a.pk, "concern_ids": []}
    answer = client.put(
        f"/api/v1/actions/{action.pk}", json.dumps(body), content_type="application/json", **auth(org.leader)
    )
    assert answer.status_code == 409
    action.refresh_from_db()
    assert action.title == "Brake cover on nihgts"


def test_the_api_edits_a_draft_and_refuses_someone_elses(client, org):
    action = draft(org)
    body = {"title": "Break cover on nights", "description": "Fixed.", "scope_unit_id": org.ward_a.pk}
    put = json.dumps(body)
    answer = client.put(
        f"/api/v1/actions/{action.pk}", put, content_type="application/json", **auth(org.leader)
    )
    assert answer.status_code == 200 and answer.json()["title"] == "Break cover on nights"
    other = client.put(
        f"/api/v1/actions/{action.pk}", put, content_type="application/json", **auth(org.other_leader)
    )
    assert other.status_code == 404


def test_the_api_keeps_a_drafts_links_when_concern_ids_is_left_out_and_shows_them(client, org):
    first = released(unit=org.ward_a).concern
    action = draft(org, concern_ids=[str(first.pk)])
    url = f"/api/v1/actions/{action.pk}"
    body = {"title": "Break cover on nights", "description": "Fixed.", "scope_unit_id": org.ward_a.pk}
    renamed = client.put(url, json.dumps(body), content_type="application/json", **auth(org.leader))
    assert renamed.status_code == 200 and renamed.json()["concern_ids"] == [str(first.pk)]
    assert list(action.concerns.all()) == [first]
    body["concern_ids"] = []
    unlinked = client.put(url, json.dumps(body), content_type="application/json", **auth(org.leader))
    assert unlinked.json()["concern_ids"] == [] and not action.concerns.exists()
