"""A concern can join an action that already exists: "Link to an existing action" on its page, and
POST /api/v1/actions/{id}/concerns.

Concerns could be linked only while an action was a draft, so a new concern about a problem already
answered by a published action could not be attached to it, and managers made duplicates. Now a
leader links a concern they can see to an action they manage whose scope includes the concern's unit,
a draft or a published one; its reporter then sees the action with their receipt code exactly as the
reporters of the concerns linked at creation do. A draft can lose a concern again; a published
action keeps its concerns (their reporters were told).
"""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import Action
from upstream.api.tests.test_api import auth, post
from upstream.api.tokens import create_token
from upstream.concerns.models import Event, Status
from upstream.concerns.services import change_status
from upstream.concerns.tests.helpers import released

PHARMACY = "The pharmacy closes at six and night orders wait until the morning round."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def action(org, title: str, *, scope=None, by=None, published: bool = False, concern_ids=()) -> Action:
    made = services.create_action(
        by or org.leader,
        title=title,
        description="A float nurse covers every break.",
        scope=scope or org.ward_a,
        concern_ids=[str(c) for c in concern_ids],
    )
    return services.publish_action(made, leader=by or org.leader) if published else made


def concern_page(client, concern) -> str:
    answer = client.get(reverse("concerns:detail", args=[concern.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


def offered(page: str) -> list[str]:
    """The titles of the actions in the page's "Link to an existing action" menu, in order."""
    found = re.search(r'<select id="link-action" name="action"[^>]*>(.*?)</select>', page, re.S)
    if not found:
        return []
    options = re.findall(r'<option value="\d+">(.*?)</option>', found.group(1))
    return [html.unescape(option).split(" · ")[0] for option in options]


def receipt_page(receipt: str) -> str:
    """The page the reporter sees with their receipt code (signed out, in their own browser)."""
    return Client().post(reverse("receipt:lookup"), {"receipt": receipt}).content.decode()


def link(client, concern, chosen: Action | str, **extra):
    value = chosen if isinstance(chosen, str) else str(chosen.pk)
    return client.post(reverse("actions:link"), {"concern": str(concern.pk), "action": value}, **extra)


def test_a_concern_linked_to_a_published_action_shows_it_on_its_receipt_page(leader, org):
    first = released(unit=org.ward_a)
    answered = action(org, "Break cover on nights", published=True, concern_ids=[first.concern.pk])
    later = released("Still no break on nights, three weeks running now.", unit=org.ward_a)
    assert "Break cover on nights" in receipt_page(first.receipt)  # linked at creation
    assert "Break cover on nights" not in receipt_page(later.receipt)

    page = concern_page(leader, later.concern)
    assert "Link to an existing action" in page and offered(page) == ["Break cover on nights"]
    answer = link(leader, later.concern, answered, follow=True)
    assert answer.redirect_chain[-1][0].endswith(
        reverse("concerns:detail", args=[later.concern.pk]) + "#actions"
    )
    text = answer.content.decode()
    assert (
        "Linked to “Break cover on nights”. Its reporter now sees the action with their receipt code." in text
    )
    assert offered(text) == []  # linked now: listed above the menu, not in it

    assert set(answered.concerns.all()) == {first.concern, later.concern}
    seen = receipt_page(later.receipt)
    assert "Actions taken" in seen and "Break cover on nights" in seen
    assert "Linked to the action “Break cover on nights”." in seen  # the thread says so, as at publishing
    event = later.concern.events.get(kind=Event.Kind.ACTION_LINKED)
    assert (event.explanation, event.leader) == ("Break cover on nights", org.leader)

    # Linked again (a second tab): no change, no second line in the thread.
    again = link(leader, later.concern, answered, follow=True).content.decode()
    assert "This concern was already linked to “Break cover on nights”." in again
    assert later.concern.events.filter(kind=Event.Kind.ACTION_LINKED).count() == 1


def test_a_concern_linked_to_a_draft_reaches_its_reporter_when_the_draft_is_published(leader, org):
    done = released(unit=org.ward_a)
    drafted = action(org, "Night pharmacy cover")
    answer = link(leader, done.concern, drafted, follow=True).content.decode()
    assert (
        "Linked to the draft “Night pharmacy cover”. Its reporter will see it once it is published." in answer
    )
    assert "Night pharmacy cover" not in receipt_page(done.receipt)
    assert not done.concern.events.exists()  # a draft tells no thread

    services.publish_action(drafted, leader=org.leader)
    assert "Night pharmacy cover" in receipt_page(done.receipt)


def test_the_menu_lists_the_actions_this_leader_manages_that_cover_the_unit_newest_first(client, org):
    concern = released(unit=org.ward_a).concern
    action(org, "Older draft")
    action(org, "Published for 4 West", published=True)
    action(org, "Department-wide rota", scope=org.medicine, by=org.chair, published=True)
    action(org, "5 East only", scope=org.ward_b, by=org.other_leader)
    action(org, "Newest draft")

    client.login(username="leader_a", password=PASSWORD)
    # The ward's leader does not manage the department's action, nor the other ward's.
    assert offered(concern_page(client, concern)) == ["Newest draft", "Published for 4 West", "Older draft"]

    client.login(username="chair", password=PASSWORD)
    # The chair manages all three units; 5 East's action is not shown to 4 West's staff.
    assert offered(concern_page(client, concern)) == [
        "Newest draft",
        "Department-wide rota",
        "Published for 4 West",
        "Older draft",
    ]
    page = concern_page(client, concern)
    assert '<label for="link-action">Link to an existing action</label>' in page
    assert 'aria-describedby="link-action-hint"' in page
    assert '<option value="">Choose an action</option>' in page


def test_the_menu_is_bounded_and_its_cost_does_not_grow_with_the_actions(leader, org):
    concern = released(unit=org.ward_a).concern

    def queries_for_choices() -> int:
        with CaptureQueriesContext(connection) as queries:
            services.link_choices(org.leader, concern)
        return len(queries)

    for index in range(3):
        action(org, f"Action {index}")
    queries_for_choices()  # the leader's units, read once and remembered
    few = queries_for_choices()
    for index in range(3, services.LINK_CHOICES + 10):
        action(org, f"Action {index}")
    assert queries_for_choices() == few

    shown = offered(concern_page(leader, concern))
    assert len(shown) == services.LINK_CHOICES
    assert shown[0] == f"Action {services.LINK_CHOICES + 9}"
    assert f"Only the {services.LINK_CHOICES} newest are listed." in concern_page(leader, concern)


def test_a_leader_cannot_link_a_concern_outside_their_units_or_to_an_action_they_do_not_manage(leader, org):
    mine = action(org, "Break cover on nights", published=True)
    elsewhere = released(PHARMACY, unit=org.ward_b).concern
    refused = link(leader, elsewhere, mine)
    assert refused.status_code == 404
    assert not mine.concerns.exists()

    concern = released(unit=org.ward_a).concern
    theirs = action(org, "5 East rota", scope=org.ward_b, by=org.other_leader, published=True)
    above = action(org, "Department rota", scope=org.medicine, by=org.chair, published=True)
    for other in (theirs, above):
        answer = link(leader, concern, other, follow=True).content.decode()
        assert "That action is not one you manage. Choose one from the list." in answer
        assert not other.concerns.exists()
    for nonsense in ("", "abc", "99999999999999999999999", str(theirs.pk + 100)):
        answer = link(leader, concern, nonsense, follow=True)
        assert answer.status_code == 200
    assert not Action.concerns.through.objects.exists()

    # The chair manages 5 East's action, but 4 West's staff would not see it on their board.
    client = Client()
    client.login(username="chair", password=PASSWORD)
    answer = link(client, concern, theirs, follow=True).content.decode()
    assert "which does not include 4 West (unit), where this concern was raised" in html.unescape(answer)
    assert not theirs.concerns.exists()


def test_a_draft_can_be_unlinked_from_the_concern_page_a_published_action_cannot(leader, org):
    concern = released(unit=org.ward_a).concern
    drafted = action(org, "Night pharmacy cover", concern_ids=[concern.pk])
    published = action(org, "Break cover on nights", published=True, concern_ids=[concern.pk])
    page = concern_page(leader, concern)
    assert 'aria-label="Unlink from the draft “Night pharmacy cover”"' in page
    assert reverse("actions:unlink", args=[drafted.pk]) in page
    assert reverse("actions:unlink", args=[published.pk]) not in page

    answer = leader.post(
        reverse("actions:unlink", args=[drafted.pk]), {"concern": str(concern.pk)}, follow=True
    )
    assert "Unlinked from the draft “Night pharmacy cover”." in answer.content.decode()
    assert not drafted.concerns.exists()
    assert offered(answer.content.decode()) == ["Night pharmacy cover"]  # offered again

    kept = leader.post(
        reverse("actions:unlink", args=[published.pk]), {"concern": str(concern.pk)}, follow=True
    )
    assert "A published action keeps its concerns" in kept.content.decode()
    assert list(published.concerns.all()) == [concern]


def test_the_api_links_and_unlinks_with_clear_answers(client, org):
    done = released(unit=org.ward_a)
    concern = done.concern
    published = action(org, "Break cover on nights", published=True)
    drafted = action(org, "Night pharmacy cover")
    path = f"/api/v1/actions/{published.pk}/concerns"
    body = {"concern_id": str(concern.pk)}

    first = post(client, path, body, **auth(org.leader))
    assert first.status_code == 201
    assert first.json()["concern_ids"] == [str(concern.pk)] and first.json()["state"] == "published"
    assert post(client, path, body, **auth(org.leader)).status_code == 200  # already linked: no change
    lookup = post(client, "/api/v1/receipts/lookup", {"receipt": done.receipt})
    assert [a["title"] for a in lookup.json()["actions"]] == ["Break cover on nights"]

    # Not theirs: the action (another ward's leader) or the concern (outside the leader's units).
    other = post(client, path, body, **auth(org.other_leader))
    assert (other.status_code, other.json()["detail"]) == (404, "No such action in your units.")
    elsewhere = released(PHARMACY, unit=org.ward_b).concern
    outside = post(client, path, {"concern_id": str(elsewhere.pk)}, **auth(org.leader))
    assert (outside.status_code, outside.json()["detail"]) == (404, "No such concern in your units.")
    # A scope that does not include the concern's unit: 409, saying why.
    theirs = action(org, "5 East rota", scope=org.ward_b, by=org.other_leader)
    scoped = post(client, f"/api/v1/actions/{theirs.pk}/concerns", body, **auth(org.chair))
    assert scoped.status_code == 409 and "does not include 4 West (unit)" in scoped.json()["detail"]
    # A read-only token may not write.
    read_only = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader, scopes=['read'])}"}
    assert post(client, f"/api/v1/actions/{drafted.pk}/concerns", body, **read_only).status_code == 403
    assert not drafted.concerns.exists()
    # A body the schema refuses: 400.
    assert post(client, path, {"concern_id": "nope"}, **auth(org.leader)).status_code == 400

    assert post(client, f"/api/v1/actions/{drafted.pk}/concerns", body, **auth(org.leader)).status_code == 201
    unlinked = client.delete(f"/api/v1/actions/{drafted.pk}/concerns/{concern.pk}", **auth(org.leader))
    assert unlinked.status_code == 200 and unlinked.json()["concern_ids"] == []
    kept = client.delete(f"/api/v1/actions/{published.pk}/concerns/{concern.pk}", **auth(org.leader))
    assert kept.status_code == 409 and "A published action keeps its concerns" in kept.json()["detail"]
    assert list(published.concerns.all()) == [concern]


def test_the_schema_states_the_link_operation(client, db):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/actions/{action_id}/concerns"]["post"]
    assert {"200", "201", "404", "409"} <= set(operation["responses"])
    assert (
        "409" in schema["paths"]["/api/v1/actions/{action_id}/concerns/{concern_id}"]["delete"]["responses"]
    )


def test_a_new_action_or_a_draft_is_refused_a_scope_that_leaves_out_a_linked_concern(client, org):
    """Linking later checked that the action's scope includes the concern's unit; creating an action
    (or rewriting a draft) with that concern did not, so its reporter's colleagues never saw the
    action answering them on their board. Now refused at the scope, with nothing saved."""
    concern = released(unit=org.ward_a).concern  # 4 West
    body = {
        "title": "5 East rota",
        "description": "A float nurse covers every break.",
        "scope_unit_id": org.ward_b.pk,
        "concern_ids": [str(concern.pk)],
    }
    refused = post(client, "/api/v1/actions", body, **auth(org.chair))
    assert refused.status_code == 400 and "does not include 4 West (unit)" in refused.json()["detail"]
    assert not Action.objects.exists()
    # The page: the message at the scope field, the choices kept.
    client.login(username="chair", password=PASSWORD)
    page = client.post(
        reverse("actions:new"),
        {
            "title": body["title"],
            "description": body["description"],
            "scope": str(org.ward_b.pk),
            "concerns": [str(concern.pk)],
            "form_key": "",
        },
    )
    assert page.status_code == 400
    assert "does not include 4 West (unit)" in html.unescape(page.content.decode())
    assert not Action.objects.exists()
    # A scope above the concern's unit is fine, and so is a draft rewritten within it.
    made = services.create_action(
        org.chair, title="Rota", description="Cover.", scope=org.medicine, concern_ids=[str(concern.pk)]
    )
    with pytest.raises(services.ActionOutsideScope):
        services.edit_draft(
            made, org.chair, title="Rota", description="Cover.", scope=org.ward_b, concern_ids=[concern.pk]
        )


def test_the_action_page_says_its_open_concerns_are_moved_on_their_own_pages(leader, org):
    """An action at 100% listed "CC73155A · New" and said nothing: the concern looked forgotten,
    while the dashboard counted it acted on (a walk). The page says a concern keeps its own status."""
    first = released(PHARMACY, unit=org.ward_a).concern
    second = released("Night orders wait for the pharmacy until the morning round.", unit=org.ward_a).concern
    made = action(org, "Night pharmacy cover", published=True, concern_ids=[first.pk, second.pk])
    page = leader.get(reverse("actions:detail", args=[made.pk])).content.decode()
    assert "A linked concern keeps its own status, and 2 are not closed yet." in page
    change_status(first, org.leader, Status.CLOSED, "Night cover starts Monday.")
    change_status(second, org.leader, Status.ACKNOWLEDGED)
    page = leader.get(reverse("actions:detail", args=[made.pk])).content.decode()
    assert "A linked concern keeps its own status, and 1 is not closed yet." in page
    # Acknowledged already: the page no longer tells the leader to acknowledge it (a walk).
    assert "acknowledge" not in page.split('id="open-linked"')[1].split("</p>")[0]
    change_status(second, org.leader, Status.CLOSED, "Night cover starts Monday.")
    assert 'id="open-linked"' not in leader.get(reverse("actions:detail", args=[made.pk])).content.decode()


def test_the_api_s_concern_names_its_linked_actions_as_its_page_does(leader, org):
    """The page's Actions box listed them; the API's concern had only a line in its thread."""
    concern = released(PHARMACY, unit=org.ward_a).concern
    older = action(org, "Pharmacy open until ten", published=True, concern_ids=[concern.pk])
    newer = action(org, "Night order round at two", concern_ids=[concern.pk])
    action(org, "Unrelated float pool")
    answer = leader.get(f"/api/v1/concerns/{concern.pk}").json()
    assert answer["actions"] == [
        {"id": newer.pk, "title": "Night order round at two", "state": "draft", "scope": org.ward_a.name},
        {"id": older.pk, "title": "Pharmacy open until ten", "state": "published", "scope": org.ward_a.name},
    ]
    assert [a.title for a in concern.actions.order_by("-created_at", "-pk")] == [newer.title, older.title]
