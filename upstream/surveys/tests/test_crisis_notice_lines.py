"""The survey's crisis notice names the organisation's own crisis lines (an email walk).

Comments in crisis words on a pulse survey tell the system's leaders how many, and suggest
reminding staff where help is: the sentence named "988", a US line, to a hospital in any country.
It names the crisis lines the resources directory lists for the site's country, or, with none
listed, no number at all."""

from __future__ import annotations

import pytest
from django.core import mail

from upstream.community.tests.factories import crisis_line
from upstream.org.models import LeaderAssignment
from upstream.surveys.release import _tell_the_office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def system_leader(org):
    """Who hears of a survey's crisis comments: the leaders of the whole system."""
    from conftest import make_user

    leader = make_user("cwo", first="Ana", last="Ruiz")
    LeaderAssignment.objects.create(user=leader, unit=org.system, title="Chief wellness officer")
    return leader


def test_it_names_the_crisis_lines_listed_for_the_site_s_country(org, settings, system_leader):
    settings.UPSTREAM_COUNTRY = "ES"
    settings.UPSTREAM_BASE_URL = "https://upstream.example.org"
    crisis_line()  # the US line, listed for the US only
    crisis_line(
        name="Línea 024",
        description="Atención a la conducta suicida.",
        country="ES",
        phone="024",
        sms_number="",
    )
    _tell_the_office({"Autumn pulse": 2})
    (notice,) = mail.outbox
    assert notice.to == [system_leader.email]
    assert "2 comments on 'Autumn pulse' suggest someone may be in crisis." in notice.body
    assert "- Línea 024: Atención a la conducta suicida. (call 024)" in notice.body
    assert "988" not in notice.body
    assert "https://upstream.example.org/community/resources/" in notice.body


def test_with_no_crisis_line_listed_it_names_no_number(org, settings):
    settings.UPSTREAM_COUNTRY = "GB"
    crisis_line()  # listed for the US only
    _tell_the_office({"Autumn pulse": 1})
    (notice,) = mail.outbox
    assert "988" not in notice.body
    assert "local crisis services" in notice.body and "lists no crisis line yet" in notice.body
