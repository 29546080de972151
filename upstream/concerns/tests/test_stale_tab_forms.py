"""A leader's form sent from a tab drawn before the concern was merged or moved away (by a colleague,
or by this leader in another tab): the page says nothing was changed, names the concern it joined,
and gives back what was typed. It was the generic "We could not find that page", and a closing
explanation, required and often long, was lost (a new-user walk)."""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns import services
from upstream.concerns.models import Status
from upstream.concerns.tests.helpers import released

EXPLANATION = "We added a float nurse on nights from Monday; closing this with thanks for raising it."


def _two(org):
    first = released("Breaks on nights never happen on 4 West.", unit=org.ward_a).concern
    second = released("No breaks on night shifts on 4 West again.", unit=org.ward_a).concern
    return first, second


def test_a_status_change_for_a_concern_merged_meanwhile_keeps_the_explanation_and_names_its_home(client, org):
    first, second = _two(org)
    client.login(username="leader_a", password=PASSWORD)
    services.merge_concerns(first, [second], org.leader)  # in another tab
    answer = client.post(
        reverse("concerns:status", args=[second.pk]),
        {"status": Status.CLOSED, "explanation": EXPLANATION, "from_status": second.status},
    )
    page = answer.content.decode()
    assert answer.status_code == 404 and "Nothing was changed" in page
    assert f"Concern {second.reference} was merged into {first.reference}" in page
    assert f'readonly dir="auto">{EXPLANATION}</textarea>' in page
    assert reverse("concerns:detail", args=[first.pk]) in page
    first.refresh_from_db()
    assert first.status != Status.CLOSED


def test_the_second_of_two_opposite_merges_says_it_was_already_merged(client, org):
    first, second = _two(org)
    client.login(username="leader_a", password=PASSWORD)
    confirm = {"merge": [str(second.pk)], "confirmed": "yes"}
    assert client.post(reverse("concerns:merge", args=[first.pk]), confirm).status_code == 302
    answer = client.post(
        reverse("concerns:merge", args=[second.pk]), {"merge": [str(first.pk)], "confirmed": "yes"}
    )
    page = answer.content.decode()
    assert answer.status_code == 404 and "Nothing was changed" in page
    assert f"Concern {second.reference} was merged into {first.reference}" in page
    first.refresh_from_db()
    assert first.merged_into is None


def test_acknowledging_a_concern_moved_away_meanwhile_says_so_in_the_reader_s_language(client, org):
    concern = released(unit=org.ward_a).concern
    client.login(username="leader_a", password=PASSWORD)
    services.move_concern(concern, org.chair, org.ward_b)
    english = client.post(reverse("concerns:acknowledge", args=[concern.pk])).content.decode()
    spanish = client.post(
        reverse("concerns:acknowledge", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "no longer in your units" in english and "Nothing was changed." in english
    assert "What you wrote" not in english  # nothing was typed
    assert "Nothing was changed" not in spanish and "<h1>" in spanish
    concern.refresh_from_db()
    assert concern.acknowledged_at is None
