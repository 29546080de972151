"""A merged concern's old address: a bookmark, a notice's link or an open tab still names it after a
colleague merged it, and its page answered a bare "We could not find that page" (new-user walk).
It now leads to the concern it was merged into, when the leader may read that one."""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.concerns.services import merge_concerns
from upstream.concerns.tests.helpers import released

FRIDGE = "The break room has had no working fridge for a month."
KETTLE = "The break room kettle has been broken since spring."
MICROWAVE = "The break room microwave trips the breaker every night shift."


def test_the_old_page_leads_to_the_shared_concern_and_says_why(client, org):
    survivor = released(KETTLE, unit=org.ward_a).concern
    gone = released(FRIDGE, unit=org.ward_a).concern
    merge_concerns(survivor, [gone], org.chair)
    client.login(username="leader_a", password=PASSWORD)
    response = client.get(reverse("concerns:detail", args=[gone.pk]), follow=True)
    assert response.redirect_chain == [(reverse("concerns:detail", args=[survivor.pk]), 302)]
    page = response.content.decode()
    assert f"Concern {gone.reference} was merged into this one, {survivor.reference}." in page
    assert KETTLE in page and FRIDGE in page  # the reporter's words, under "Merged into this concern"


def test_a_merge_of_a_merge_is_followed_to_its_end(client, org):
    first = released(FRIDGE, unit=org.ward_a).concern
    middle = released(KETTLE, unit=org.ward_a).concern
    last = released(MICROWAVE, unit=org.ward_a).concern
    merge_concerns(middle, [first], org.chair)
    merge_concerns(last, [middle], org.chair)
    client.login(username="leader_a", password=PASSWORD)
    response = client.get(reverse("concerns:detail", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("concerns:detail", args=[last.pk])
    answer = client.get(f"/api/v1/concerns/{first.pk}", **auth(org.leader))
    assert answer.status_code == 404
    assert answer.json()["merged_into"] == str(last.pk)
    said = answer.json()["detail"]
    assert said == f"Concern {first.reference} was merged into {last.reference}; read that one."


def test_outside_the_leaders_units_it_stays_not_found_and_names_nothing(client, org):
    """The other ward's leader learns neither that the concern was merged nor where; nor does a
    leader whose own unit's concern went into a concern of a unit they do not lead."""
    survivor = released(KETTLE, unit=org.ward_a).concern
    gone = released(FRIDGE, unit=org.ward_a).concern
    crossed = released(MICROWAVE, unit=org.ward_b).concern
    merge_concerns(survivor, [gone, crossed], org.chair)
    client.login(username="leader_b", password=PASSWORD)
    for concern in (gone, crossed):
        page = client.get(reverse("concerns:detail", args=[concern.pk]))
        assert page.status_code == 404 and survivor.reference not in page.content.decode()
        answer = client.get(f"/api/v1/concerns/{concern.pk}", **auth(org.other_leader))
        assert answer.status_code == 404 and "merged_into" not in answer.json()
        assert answer.json()["detail"] == "No such concern in your units."
    # The chair leads both wards: the crossed concern leads to the shared one.
    assert client.login(username="chair", password=PASSWORD)
    response = client.get(reverse("concerns:detail", args=[crossed.pk]))
    assert response["Location"] == reverse("concerns:detail", args=[survivor.pk])
