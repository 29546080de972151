"""The surveys page a member of staff opens: what is open for them, and how to answer it."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.surveys.models import Invitation
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave


def test_it_handles_an_open_wave_by_saying_how_to_answer_it_until_answered(client, org):
    wave = open_wave(org, office_of(org), units=[org.ward_a])
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("surveys:index")).content.decode()
    answer = reverse("surveys:surveys_answer:answer", args=[wave.pk])
    row = page[page.index(answer) : page.index("</a>", page.index(answer))]
    assert "Answer now" in row  # the row is the link; it read as a plain line of text
    Invitation.objects.filter(wave=wave, user=org.reporter).update(answered_on=timezone.localdate())
    page = client.get(reverse("surveys:index")).content.decode()
    assert "answered, thank you" in page and "Answer now" not in page


def test_it_handles_the_results_list_by_marking_which_waves_open_their_results(client, org):
    office = office_of(org)
    ready = open_wave(org, office, units=[org.medicine])
    with time_machine.travel(results_from(ready) + dt.timedelta(hours=1)):
        later = open_wave(org, office, units=[org.ward_a])
        client.force_login(office)
        page = client.get(reverse("surveys:results_list")).content.decode()
    link = reverse("surveys:results", args=[ready.pk])
    row = page[page.index(link) : page.index("</li>", page.index(link))]
    assert "See the results" in row  # a link row and a waiting row looked the same
    assert reverse("surveys:results", args=[later.pk]) not in page
    assert page.count("See the results") == 1


def test_the_results_list_says_when_a_waiting_wave_s_results_come(client, org):
    """A wave the office closed early read "results after it closes" beside "Closed" on the manage
    page (a new-user walk): each waiting row now gives the day, and says a closed one is closed."""
    from upstream.surveys.services import close_wave

    office = office_of(org)
    open_one = open_wave(org, office, units=[org.medicine])
    closed = close_wave(office, open_wave(org, office, units=[org.ward_a]))
    client.force_login(office)
    page = client.get(reverse("surveys:results_list")).content.decode()
    day = timezone.localdate() + dt.timedelta(days=1)
    assert f"closed; results on {day.day} {day:%b} {day.year}" in page
    due = results_from(open_one).date()
    assert f"results on {due.day} {due:%b} {due.year}, after it closes" in page
    assert "results after it closes" not in page and closed.closed_early
