"""The concern a leader came with is on the action form, ticked, whatever its status.

"Create an action for this concern" on a concern's page opens /actions/new?concern=<id>. The form
listed only the first 100 new, acknowledged or in-progress concerns, so a concern with action taken
or closed (or one far down the inbox) was not there, and the action was saved linked to nothing. A
draft's own linked concerns were dropped the same way when it was edited.
"""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import Action
from upstream.concerns import services as concern_services
from upstream.concerns.models import ReadRecord, Status
from upstream.concerns.tests.helpers import released

OTHER_TEXT = "The pharmacy closes at six and night orders wait until the morning round."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def box(page: str, concern) -> str | None:
    """The concern's checkbox on the form, or None when it is not listed."""
    found = re.search(rf'<input type="checkbox" name="concerns" value="{concern.pk}"[^>]*>', page)
    return found.group(0) if found else None


def moved_to(concern, status: str, org) -> None:
    concern_services.change_status(concern, org.leader, status, "Float nurse hired.")


@pytest.mark.parametrize("status", [Status.ACTION_TAKEN, Status.CLOSED])
def test_it_handles_an_answered_or_closed_concern_from_its_page_to_a_linked_action(leader, org, status):
    concern = released(unit=org.ward_a).concern
    moved_to(concern, status, org)
    concern_page = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "No action is linked yet." in concern_page
    link = f"{reverse('actions:new')}?concern={concern.pk}"
    assert f'href="{link}"' in concern_page

    form = leader.get(link).content.decode()
    ticked = box(form, concern)
    assert ticked is not None and "checked" in ticked
    label = html.unescape(form)
    assert f"{concern.reference} · 4 West · {Status(status).label} · {concern.text[:60]}" in label
    # Its own page, then its excerpt on the form: recorded as what each was.
    reads = ReadRecord.objects.filter(leader=org.leader, concern=concern)
    assert sorted(reads.values_list("via", flat=True)) == ["excerpt", "page"]

    # The form posts back to the address it was drawn at, ?concern= included; the box as ticked.
    data = {
        "title": "Break cover on nights",
        "description": "A float nurse covers breaks.",
        "scope": str(org.ward_a.pk),
        "concerns": [str(concern.pk)],
    }
    saved = leader.post(link, data, follow=True)
    assert "Action saved as a draft." in saved.content.decode()
    action = Action.objects.get()
    assert list(action.concerns.all()) == [concern]
    after = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "Break cover on nights" in after and "No action is linked yet." not in after


def test_a_refused_form_keeps_the_named_concern_listed_and_ticked(leader, org):
    concern = released(unit=org.ward_a).concern
    moved_to(concern, Status.CLOSED, org)
    link = f"{reverse('actions:new')}?concern={concern.pk}"
    data = {"title": "", "description": "x", "scope": str(org.ward_a.pk), "concerns": [str(concern.pk)]}
    refused = leader.post(link, data)
    assert refused.status_code == 400
    assert "checked" in box(refused.content.decode(), concern)
    # Unticked by the leader: still listed, so it can be ticked again; not ticked for them.
    unticked = leader.post(link, {**data, "concerns": []}).content.decode()
    assert box(unticked, concern) is not None and "checked" not in box(unticked, concern)
    assert not Action.objects.exists()


def test_a_named_concern_past_the_listed_open_ones_is_still_listed(leader, org, monkeypatch):
    """The form lists the first 100 open concerns; making 101 is slow, so the limit is made 1 here."""
    monkeypatch.setattr("upstream.actions.forms.OPEN_LISTED", 1)
    first = released(unit=org.ward_a).concern
    named = released(OTHER_TEXT, unit=org.ward_a, days_ago=3).concern
    plain = leader.get(reverse("actions:new")).content.decode()
    assert [box(plain, first) is not None, box(plain, named) is not None].count(True) == 1
    shown = first if box(plain, first) else named
    hidden = named if shown is first else first

    page = leader.get(f"{reverse('actions:new')}?concern={hidden.pk}").content.decode()
    assert "checked" in box(page, hidden)
    assert box(page, shown) is not None and "checked" not in box(page, shown)
    assert ReadRecord.objects.filter(leader=org.leader, concern=hidden, via="excerpt").exists()


def test_a_concern_outside_the_leaders_units_is_not_listed_or_linked(leader, org):
    theirs = released(OTHER_TEXT, unit=org.ward_b).concern
    link = f"{reverse('actions:new')}?concern={theirs.pk}"
    page = leader.get(link).content.decode()
    assert box(page, theirs) is None and OTHER_TEXT[:40] not in page
    assert not ReadRecord.objects.filter(concern=theirs).exists()
    data = {
        "title": "Night pharmacy",
        "description": "Orders filled overnight.",
        "scope": str(org.ward_a.pk),
        "concerns": [str(theirs.pk)],
    }
    refused = leader.post(link, data)
    assert refused.status_code == 400 and OTHER_TEXT[:40] not in refused.content.decode()
    assert not Action.objects.exists()
    # A malformed id is no concern: the form is drawn as without it.
    assert leader.get(f"{reverse('actions:new')}?concern=not-an-id").status_code == 200


def test_editing_a_draft_keeps_its_closed_concern_linked(leader, org):
    concern = released(unit=org.ward_a).concern
    action = services.create_action(
        org.leader,
        title="Break cover",
        description="A float nurse.",
        scope=org.ward_a,
        concern_ids=[str(concern.pk)],
    )
    moved_to(concern, Status.CLOSED, org)
    edit = reverse("actions:edit", args=[action.pk])
    form = leader.get(edit).content.decode()
    assert "checked" in box(form, concern)
    data = {
        "title": "Break cover on nights",
        "description": "A float nurse.",
        "scope": str(org.ward_a.pk),
        "concerns": [str(concern.pk)],
    }
    assert "Draft saved." in leader.post(edit, data, follow=True).content.decode()
    assert list(action.concerns.all()) == [concern]
