"""Unit pickers tell apart units of the same name (every hospital has its "Medicine").

The demo's three hospitals made the dashboard's "Part of the organisation" list show "Medicine
(department)" twice and the new-wave form's units list "Inpatient Pharmacy (unit)" three times,
with nothing to choose between them. A label two options share now says whose it is, the name of
the nearest ancestor only that one has (normally the hospital); a name no other option has is kept
as it was, and the options' values are unchanged.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upstream.org.models import Unit
from upstream.org.pickers import picker_choices, picker_labels
from upstream.surveys.tests.helpers import office_of, open_wave


@pytest.fixture
def twin(org) -> Unit:
    """Northside gets a Medicine department too: two "Medicine (department)" in one system."""
    return Unit.objects.add_child(
        Unit.objects.get(pk=org.other_hospital.pk),
        dict(name="Medicine", code="north-medicine", level="department"),
    )


def _options(html: str, select: str) -> dict[str, str]:
    """{value: label} of the named <select>'s options."""
    found = re.search(rf"<select [^>]*name=\"{select}\"[^>]*>(.*?)</select>", html, re.S)
    assert found, f"no {select} list on the page"
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', found.group(1)))


def test_the_dashboard_filter_names_the_hospital_of_each_medicine(client, org, twin):
    client.force_login(office_of(org))  # leads the whole system: hospitals and departments listed
    options = _options(client.get(reverse("insights:dashboard")).content.decode(), "unit")
    assert options[str(org.medicine.pk)] == "Medicine (department) · Riverbend General"
    assert options[str(twin.pk)] == "Medicine (department) · Northside"
    # Names no other option has stay as they were.
    assert options[str(org.hospital.pk)] == "Riverbend General (hospital)"
    assert options[str(org.system.pk)] == "Riverbend Health (health system)"
    assert len(set(options.values())) == len(options)


def test_the_new_wave_form_names_the_hospital_of_each_medicine(client, org, twin):
    client.force_login(office_of(org))
    options = _options(client.get(reverse("surveys:manage")).content.decode(), "units")
    assert options[str(org.medicine.pk)] == "Medicine (department) · Riverbend General"
    assert options[str(twin.pk)] == "Medicine (department) · Northside"
    assert options[str(org.ward_a.pk)] == "4 West (unit)"
    assert len(set(options.values())) == len(options)


def test_the_answer_with_a_code_form_names_them_too(client, org, twin):
    wave = open_wave(org, office_of(org))
    page = client.get(reverse("surveys:surveys_answer:with_code", args=[wave.pk])).content.decode()
    options = _options(page, "unit")
    assert options[str(org.medicine.pk)] == "Medicine (department) · Riverbend General"
    assert options[str(twin.pk)] == "Medicine (department) · Northside"
    assert options[str(org.other_hospital.pk)] == "Northside (hospital)"


def test_units_of_the_same_name_under_departments_of_the_same_name_are_named_by_hospital(org, twin):
    wards = [
        Unit.objects.add_child(Unit.objects.get(pk=parent.pk), dict(name="ED", code=code, level="unit"))
        for parent, code in [(org.medicine, "ed-general"), (twin, "ed-north")]
    ]
    labels = picker_labels([*wards, org.ward_a])
    # Their departments are both "Medicine": the hospital is the nearest name that is only theirs.
    assert labels == {
        wards[0].pk: "ED (unit) · Riverbend General",
        wards[1].pk: "ED (unit) · Northside",
        org.ward_a.pk: "4 West (unit)",
    }


def test_the_nearest_name_of_their_own_is_used_and_no_two_labels_stay_the_same(org):
    surgery = Unit.objects.add_child(
        Unit.objects.get(pk=org.hospital.pk), dict(name="Surgery", code="surgery", level="department")
    )
    north_surgery = Unit.objects.add_child(
        Unit.objects.get(pk=org.other_hospital.pk), dict(name="Surgery", code="n-surgery", level="department")
    )
    wards = [
        Unit.objects.add_child(Unit.objects.get(pk=parent.pk), dict(name="Ward 1", code=code, level="unit"))
        for parent, code in [(org.medicine, "w1-med"), (surgery, "w1-surg"), (north_surgery, "w1-north")]
    ]
    twins = [
        Unit.objects.add_child(Unit.objects.get(pk=org.medicine.pk), dict(name="Annex", code=c, level="unit"))
        for c in ("annex-1", "annex-2")
    ]
    labels = picker_labels([*wards, *twins])
    assert labels[wards[0].pk] == "Ward 1 (unit) · Medicine"  # the only Ward 1 under a Medicine
    assert labels[wards[2].pk] == "Ward 1 (unit) · Northside"
    # Surgery is shared with Northside's and Riverbend General with Medicine's: both are needed.
    assert labels[wards[1].pk] == "Ward 1 (unit) · Surgery · Riverbend General"
    # Side by side under one department: only their codes tell them apart.
    assert [labels[t.pk] for t in twins] == ["Annex (unit) · annex-1", "Annex (unit) · annex-2"]


def test_labels_take_one_query_for_the_ancestors_whatever_the_number_of_options(org):
    departments = []
    for index in range(40):
        hospital = Unit.objects.add_child(
            Unit.objects.get(pk=org.system.pk),
            dict(name=f"Hospital {index}", code=f"h{index}", level="hospital"),
        )
        departments.append(
            Unit.objects.add_child(hospital, dict(name="Pharmacy", code=f"ph{index}", level="department"))
        )
    units = list(Unit.objects.filter(pk__in=[d.pk for d in departments]))
    with CaptureQueriesContext(connection) as queries:
        labels = picker_labels(units)
    assert len(queries) == 1
    assert labels[departments[7].pk] == "Pharmacy (department) · Hospital 7"
    # When the ancestors are among the options (a subtree picker), none at all.
    with CaptureQueriesContext(connection) as queries:
        picker_labels(Unit.objects.get_tree())
    assert len(queries) == 1  # the tree itself
    # Unique labels: nothing is read.
    with CaptureQueriesContext(connection) as queries:
        assert picker_choices([org.ward_a, org.ward_b], prefix="t") == [
            (f"t{org.ward_a.pk}", "4 West (unit)"),
            (f"t{org.ward_b.pk}", "5 East (unit)"),
        ]
    assert len(queries) == 0
