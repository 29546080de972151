"""An inbox link whose filter the page cannot use (edited by hand, or old: a unit no longer led, a
theme retired) listed everything under "All" without a word, where the API refuses the same filter
(a new-user walk). It now lists as if the filter were not chosen and says which one it dropped."""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.tests.helpers import released

DROPPED = {
    "status": "The link asked for a status the inbox does not have, so every status is listed.",
    "urgent": "The link asked for an urgency the inbox does not have, so all concerns are listed.",
    "unit": "The link named a unit that is not one you lead (or no longer exists), so all your units are "
    "listed.",
    "theme": "The link named a theme that does not exist, so every theme is listed.",
}


def _inbox(client, **query) -> str:
    response = client.get(reverse("concerns:inbox"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_each_filter_it_cannot_use_is_named_and_the_list_is_unfiltered(client, org):
    mine = released("Nights are short of two nurses every week.", unit=org.ward_a).concern
    client.login(username="leader_a", password=PASSWORD)
    page = _inbox(client, status="zzz", urgent="2", unit="99999", theme="<b>x</b>")
    for sentence in DROPPED.values():
        assert sentence in page
    assert reverse("concerns:detail", args=[mine.pk]) in page
    # The dropped values are not carried into the page's own links and form (the footer's language
    # switch returns to the address as it was typed).
    main = page.split("<main")[1].split("</main>")[0]
    assert "zzz" not in main and "99999" not in main and "%3Cb%3E" not in main and "&lt;b&gt;" not in main


def test_a_unit_that_exists_but_is_not_led_is_dropped_too(client, org):
    released("Nights are short of two nurses every week.", unit=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    page = _inbox(client, unit=str(org.ward_b.pk))
    assert DROPPED["unit"] in page
    assert "Nights are short of two nurses" in page


def test_filters_it_can_use_say_nothing(client, org):
    released("Nights are short of two nurses every week.", unit=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    page = _inbox(client, status="open", urgent="1", unit=str(org.ward_a.pk), theme="")
    assert not any(sentence in page for sentence in DROPPED.values())


NOTED = "The link asked for warnings the inbox does not have, so the warnings you have not noted are listed."


def test_a_noted_value_it_does_not_know_is_named(client, org):
    """`?noted=yes` listed the warnings not noted, as if nothing were asked (a fuzzing walk)."""
    client.login(username="leader_a", password=PASSWORD)
    assert NOTED in _inbox(client, noted="yes")
    for known in ("1", "0", ""):
        assert NOTED not in _inbox(client, noted=known)
