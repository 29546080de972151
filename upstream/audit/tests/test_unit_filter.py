"""The read trail's unit filter reads like the other unit pickers.

A new user walking the pages found options like "· · Medicine · Riverbend General": the middle dots
marking depth sat beside the " · " that names the hospital. The indent is now em spaces, as on the
speak-up form, and the label is the pickers' own ("Medicine (department) · Riverbend General" only
where two hospitals have a Medicine).
"""

from __future__ import annotations

import html
import re

import pytest

from conftest import make_user
from upstream.org.models import LeaderAssignment, Unit

INDENT = "\u2003"  # an em space


@pytest.fixture
def office(org):
    user = make_user("office", first="Dana", last="Whitfield")
    LeaderAssignment.objects.create(user=user, unit=org.system, title="Well-being officer")
    return user


def _unit_options(page: str) -> dict[str, str]:
    """{value: text as the reader sees it} of the unit filter's options."""
    found = re.search(r'<select [^>]*name="unit"[^>]*>(.*?)</select>', page, re.S)
    assert found, "no unit filter on the page"
    return {
        value: html.unescape(text)
        for value, text in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', found.group(1))
    }


def test_the_unit_filter_indents_by_depth_and_names_the_hospital_of_each_medicine(client, org, office):
    twin = Unit.objects.add_child(
        Unit.objects.get(pk=org.other_hospital.pk),
        dict(name="Medicine", code="north-medicine", level="department"),
    )
    client.force_login(office)
    options = _unit_options(client.get("/audit/reads/").content.decode())
    assert options[""] == "All units"
    assert options[str(org.system.pk)] == "Riverbend Health (health system)"
    assert options[str(org.hospital.pk)] == INDENT + "Riverbend General (hospital)"
    assert options[str(org.medicine.pk)] == INDENT * 2 + "Medicine (department) · Riverbend General"
    assert options[str(twin.pk)] == INDENT * 2 + "Medicine (department) · Northside"
    assert options[str(org.ward_a.pk)] == INDENT * 3 + "4 West (unit)"
    # No dots for depth: the only " · " left is the one that names a hospital.
    assert not any(text.lstrip(INDENT).startswith("·") for text in options.values())
    assert len(set(options.values())) == len(options)
