"""Merging with a concern that is gone or not yours: a message on the concern's page, not a 404 page.

A leader ticks similar concerns on a page left open while another leader merged or moved one of them
(or posts an id by hand): the whole merge answered a bare 404 page, as if the concern they were on
had vanished. The page now says so on the concern's own page and merges nothing; the API answers
404 naming the id (the concern in the path is there; the one in the body is not in your units).
"""

from __future__ import annotations

import uuid

from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import auth, post
from upstream.concerns.models import Concern
from upstream.concerns.tests.helpers import released


def test_a_merge_with_an_unknown_concern_is_explained_on_the_concerns_page(client, org):
    one = released(unit=org.ward_a).concern
    two = released("The break room has had no working fridge for a month.", unit=org.ward_a).concern
    elsewhere = released("Parking at night is unlit and unsafe.", unit=org.ward_b).concern
    client.login(username="leader_a", password=PASSWORD)
    detail = reverse("concerns:detail", args=[one.pk])
    for missing in (str(uuid.uuid4()), str(elsewhere.pk), "not-an-id"):
        response = client.post(reverse("concerns:merge", args=[one.pk]), {"merge": [str(two.pk), missing]})
        assert response.status_code == 302 and response["Location"] == detail
        page = client.get(detail).content.decode()
        assert "One of the concerns you ticked is not in your units any more" in page
    assert not Concern.objects.filter(merged_into__isnull=False).exists()


def test_the_api_answers_404_naming_the_id(client, org):
    one = released(unit=org.ward_a).concern
    two = released("The break room has had no working fridge for a month.", unit=org.ward_a).concern
    missing = uuid.uuid4()
    body = {"concern_ids": [str(two.pk), str(missing)]}
    response = post(client, f"/api/v1/concerns/{one.pk}/merge", body, **auth(org.leader))
    assert response.status_code == 404
    assert str(missing) in response.json()["detail"] and "nothing was merged" in response.json()["detail"]
    assert not Concern.objects.filter(merged_into__isnull=False).exists()
    gone = post(
        client, f"/api/v1/concerns/{uuid.uuid4()}/merge", {"concern_ids": [str(two.pk)]}, **auth(org.leader)
    )
    assert gone.status_code == 404


def test_a_merge_asks_first_and_merges_only_once_confirmed(client, org):
    """Ticking a similar concern and pressing merge joined two reporters' threads at once, for good."""
    one = released(unit=org.ward_a).concern
    two = released("The break room has had no working fridge for a month.", unit=org.ward_a).concern
    client.login(username="leader_a", password=PASSWORD)
    merge = reverse("concerns:merge", args=[one.pk])

    ask = client.post(merge, {"merge": [str(two.pk)]})
    page = ask.content.decode()
    assert ask.status_code == 200
    assert f"Merge 1 concern into {one.reference}?" in page and two.reference in page
    assert "You cannot undo a merge." in page
    assert f'name="merge" value="{two.pk}"' in page and 'name="confirmed" value="yes"' in page
    way_back = f"{reverse('concerns:detail', args=[one.pk])}?merge={two.pk}#similar"  # ticks kept
    assert f'href="{way_back}"' in page
    assert "fridge" not in page  # references only: no text read here that the audit does not record
    assert not Concern.objects.filter(merged_into__isnull=False).exists()

    done = client.post(merge, {"merge": [str(two.pk)], "confirmed": "yes"}, follow=True)
    assert "Merged 1 concern into this one." in done.content.decode()
    assert Concern.objects.get(pk=two.pk).merged_into_id == one.pk
