"""The results CSV tells apart units of one name, as the unit pickers do.

Found by a new-user walk: a health system's CSV had "Medicine" two or three times (one per
hospital) and nothing to say which was which. The CSV now ends with `unit_id` (as in the API) and
`unit_path`: the unit's name, then every name above it, joined as the pickers join a repeated name
to its hospital's ("Medicine · Riverbend General").
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import time_machine
from django.urls import reverse

from upstream.org.models import Unit
from upstream.org.pickers import picker_labels
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses


def test_the_csv_names_the_hospital_of_each_unit_of_the_same_name(client, org):
    office = office_of(org)
    northside_medicine = Unit.objects.add_child(
        Unit.objects.get(pk=org.other_hospital.pk),
        dict(name="Medicine", code="ns-medicine", level="department"),
    )
    wave = open_wave(org, office, units=[org.system])
    add_responses(wave, org.ward_a, "nurse", 6)
    add_responses(wave, org.ward_b, "nurse", 6)
    add_responses(wave, northside_medicine, "nurse", 7)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client.force_login(office)
        csv_text = client.get(reverse("surveys:results_csv", args=[wave.pk])).content.decode()
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert list(rows[0])[-2:] == ["unit_id", "unit_path"]  # added last: the other columns keep their places
    medicine = {row["unit_id"]: row["unit_path"] for row in rows if row["row"] == "Medicine"}
    assert medicine == {
        str(org.medicine.pk): "Medicine · Riverbend General · Riverbend Health",
        str(northside_medicine.pk): "Medicine · Northside · Riverbend Health",
    }
    # What a picker offering both would say is where the path starts.
    pickers = picker_labels([org.medicine, northside_medicine], label=lambda unit: unit.name)
    assert all(medicine[str(pk)].startswith(label) for pk, label in pickers.items())
    # A role group's row is counted within the viewer's scope; the organisation's row is no unit.
    nurses = next(row for row in rows if row["kind"] == "role")
    assert (nurses["unit_id"], nurses["unit_path"]) == (str(org.system.pk), "Riverbend Health")
    whole = next(row for row in rows if row["kind"] == "organisation")
    assert (whole["unit_id"], whole["unit_path"]) == ("", "")
