"""What the inbox shows besides the concerns: the unit filter and the early warnings.

Both are read as rows rather than model instances for a large subtree's sake; these tests hold the
page to what it showed before that.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD
from upstream.concerns.tests.helpers import released
from upstream.concerns.views import leader as leader_views
from upstream.org.models import LeaderAssignment, Unit
from upstream.signals.tests.test_noting import rise
from upstream.themes.models import ConcernTheme, Theme

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
DAY = dt.date(2026, 9, 14)
NOTE = re.compile(r'action="/inbox/signals/\d+/note[?"]')  # one "Mark as noted" per warning


def unit_options(html: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of the unit filter, "All my units" left out."""
    select = re.search(r'<select name="unit">(.*?)</select>', html, re.S)
    assert select is not None
    options = re.findall(r'<option value="(\d+)" (selected)?>([^<]*)</option>', select.group(1))
    return [(value, label, bool(selected)) for value, selected, label in options]


def labels(units: list[Unit], language: str = "en") -> list[tuple[str, str]]:
    with translation.override(language):
        return [(str(unit.pk), unit.label()) for unit in units]


@pytest.fixture
def officer(client, org):
    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    client.login(username="outsider", password=PASSWORD)
    return client


def test_the_unit_filter_lists_the_leaders_units_in_tree_order_and_marks_the_chosen_one(client, org):
    client.login(username="chair", password=PASSWORD)
    subtree = [org.medicine, org.ward_a, org.ward_b]
    options = unit_options(client.get(reverse("concerns:inbox")).content.decode())
    assert [(value, label) for value, label, _ in options] == labels(subtree)
    assert not any(selected for *_, selected in options)
    chosen = unit_options(client.get(reverse("concerns:inbox"), {"unit": org.ward_a.pk}).content.decode())
    assert [(value, selected) for value, _, selected in chosen] == [
        (str(org.medicine.pk), False),
        (str(org.ward_a.pk), True),
        (str(org.ward_b.pk), False),
    ]
    # Each level's name is in the reader's language, as Unit.label says it.
    spanish = unit_options(client.get(reverse("concerns:inbox"), **SPANISH).content.decode())
    assert [(value, label) for value, label, _ in spanish] == labels(subtree, "es")


def test_a_large_subtree_lists_only_the_levels_near_the_top(officer, org, monkeypatch):
    monkeypatch.setattr(leader_views, "UNIT_CHOICES_CAP", 4)
    options = unit_options(officer.get(reverse("concerns:inbox")).content.decode())
    # Six units are too many: the top three levels, in tree order.
    assert [(value, label) for value, label, _ in options] == labels(
        [org.system, org.hospital, org.medicine, org.other_hospital]
    )


def test_each_concern_shows_its_themes_and_the_filter_offers_the_active_ones(client, org):
    retired = Theme.objects.create(
        key="retired", name="A retired theme", description="d", factor="f", active=False
    )
    staffing = Theme.objects.get(key="workload_staffing")
    tagged = released(unit=org.ward_a).concern
    ConcernTheme.objects.filter(concern=tagged).delete()
    ConcernTheme.objects.create(concern=tagged, theme=staffing, score=0.9, primary=True)
    ConcernTheme.objects.create(concern=tagged, theme=retired, score=0.4, primary=False)
    ConcernTheme.objects.filter(
        concern=released("Nothing to classify here.", unit=org.ward_a).concern
    ).delete()
    client.login(username="leader_a", password=PASSWORD)
    html = client.get(reverse("concerns:inbox")).content.decode()
    assert f'<span class="tag primary">{staffing.label}</span>' in html
    assert '<span class="tag">A retired theme</span>' in html
    assert '<span class="tag">Theme unclear</span>' in html
    select = re.search(r'<select name="theme">(.*?)</select>', html, re.S)
    assert select is not None
    offered = re.findall(r'<option value="([^"]+)" >', select.group(1))
    active = sorted(Theme.objects.filter(active=True), key=lambda theme: theme.label.casefold())
    # "Theme unclear" first (concerns under no theme), then the active themes.
    assert offered == ["unclear", *(theme.key for theme in active)] and "retired" not in offered


def test_the_early_warnings_show_each_rise_once_with_its_levels_at_a_fixed_cost(officer, org):
    for scope, p_value in (
        (org.ward_a, 1e-4),
        (org.medicine, 1e-6),
        (org.hospital, 1e-3),
        (org.system, 1e-2),
    ):
        rise(scope, p_value)

    def inbox() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = officer.get(reverse("concerns:inbox"))
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    few, html = inbox()
    # Shown once, where it is sharpest (the department), with the other levels top first.
    assert len(NOTE.findall(html)) == 1
    assert "The same rise shows at: Riverbend Health, Riverbend General, 4 West." in html
    # Separate rises (every day a new one) are each shown, the first SIGNALS_SHOWN of them,
    # for the same number of queries.
    for days in range(1, 15):
        rise(org.ward_b, 1e-5, day=DAY + dt.timedelta(days=30 * days))
    many, html = inbox()
    assert len(NOTE.findall(html)) == leader_views.SIGNALS_SHOWN
    assert many == few


def test_units_of_the_same_name_are_told_apart_by_their_hospital(officer, org):
    """A system leader's filter offered "Medicine (department)" twice, with nothing to choose by."""
    northside = Unit.objects.add_child(
        org.other_hospital, dict(name="Medicine", code="ns-medicine", level="department")
    )
    options = dict(
        (value, label)
        for value, label, _ in unit_options(officer.get(reverse("concerns:inbox")).content.decode())
    )
    assert options[str(org.medicine.pk)] == "Medicine (department) · Riverbend General"
    assert options[str(northside.pk)] == "Medicine (department) · Northside"
    assert options[str(org.ward_a.pk)] == "4 West (unit)"  # a name that does not repeat stays as it was
