"""The response-rate table and the scores table give a unit the same count, and hide the same ones.

Found by a new-user walk: the office's rate table said Answered "hidden" for Rehabilitation while the
scores table just below said People 5, and Riverbend General's Answered minus its other departments'
(223 - 218) gave the hidden 5 again. The rate table counted invitations answered, by each person's
deepest unit, through a suppression of its own; the scores count answers by the unit answered for.
A person in two wards who answers for the other one is enough for the two suppressions to hide
different wards, and then each table prints what the other hides. Now Answered is the scores
table's own count for the unit, so there is one count and one suppression.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from upstream.org.models import Membership, RoleGroup, Unit
from upstream.privacy.complementary import derivable_small_sets
from upstream.surveys.models import Invitation, Response
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses

HIDDEN = None


@pytest.fixture
def floater_wave(org):
    """Medicine has three wards. 4 West: 6 nurses answered. 5 East: 3 (too few to show). 6 North: 7,
    one of whom also works on 4 West and answered for 4 West. By invitations 4 West has 6 answers and
    6 North 7; by answers, 7 and 6: each table's suppression hid the other sibling of 5 East."""
    north = Unit.objects.add_child(org.medicine, dict(name="6 North", code="6north", level="unit"))
    east = [make_user(f"east{i}") for i in range(3)]
    for user in east:
        Membership.objects.create(user=user, unit=org.ward_b, role_group=RoleGroup.NURSE)
    north_staff = [make_user(f"north{i}") for i in range(7)]
    for user in north_staff:
        Membership.objects.create(user=user, unit=north, role_group=RoleGroup.NURSE)
    # The floater: on 6 North first (their unit by the invitations), and on 4 West too.
    Membership.objects.create(user=north_staff[0], unit=org.ward_a, role_group=RoleGroup.NURSE)
    wave = open_wave(org, office_of(org), units=[org.system])
    answered = [f"nurse{i}" for i in range(6)] + [u.username for u in east + north_staff]
    Invitation.objects.filter(wave=wave, user__username__in=answered).update(answered_on=timezone.localdate())
    add_responses(wave, org.ward_a, "nurse", 7)  # six of its own and the floater
    add_responses(wave, org.ward_b, "nurse", 3)
    add_responses(wave, north, "nurse", 6)
    wave.north = north
    return wave


def _cell(text: str) -> int | None:
    return None if "hidden" in text else int(text.strip())


def _page_tables(page: str) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """{unit: Answered} from the response-rate table and {unit: People} from the scores table, as
    the page prints them."""
    rates_html, scores_html = page.split("Scores by unit and role group", 1)
    rates_html = rates_html.split("Response rate", 1)[1]
    answered = {
        label: _cell(count)
        for label, count in re.findall(
            r'<tr><td>([^<]+)</td>\s*<td class="num">.*?</td>\s*<td class="num">(.*?)</td>', rates_html, re.S
        )
    }
    people = {
        label.strip(): _cell(count)
        for label, count in re.findall(
            r'<th scope="row">([^<]+)(?:<a[^>]*>[^<]*</a>)?</th>\s*<td class="num">(.*?)</td>',
            scores_html,
            re.S,
        )
    }
    return answered, people


def test_a_unit_s_count_is_the_same_in_both_tables_and_hidden_in_both(client, org, floater_wave):
    wave = floater_wave
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client.force_login(org.reporter.__class__.objects.get(username="office"))
        page = client.get(reverse("surveys:results", args=[wave.pk]), {"within": org.medicine.pk})
        api = client.get(f"/api/v1/surveys/waves/{wave.pk}/results").json()
        csv_text = client.get(reverse("surveys:results_csv", args=[wave.pk])).content.decode()
    answered, people = _page_tables(page.content.decode())
    wards = ["4 West", "5 East", "6 North"]
    assert {w: answered[w] for w in wards} == {w: people[w] for w in wards}
    assert answered["5 East"] is HIDDEN and answered["Medicine"] == 16
    # Try to recover 5 East's few answers, as a reader of the page would.
    # From the other table: hidden there too.
    assert people["5 East"] is HIDDEN
    # By subtraction: Medicine minus the wards shown, in either table or mixing the two.
    shown = [answered[w] for w in wards if answered[w] is not HIDDEN] + [
        people[w] for w in wards if people[w] is not HIDDEN
    ]
    assert all(answered["Medicine"] - a - b != 3 for a in shown for b in shown)
    # The API: rates and rows agree unit by unit (by id: names repeat across hospitals).
    rows = {r["unit_id"]: r["n"] for r in api["rows"] if r["kind"] == "unit"}
    rates = {r["unit_id"]: r["answered"] for r in api["response_rates"]}
    assert rates and all(rates[unit] == rows.get(unit) for unit in rates)
    # The CSV has the scores' count, the same as the page.
    ward_rows = {
        row["row"]: row["n"]
        for row in csv.DictReader(io.StringIO(csv_text))
        if row["kind"] == "unit" and row["row"] in wards
    }
    assert ward_rows == {w: "hidden" if people[w] is HIDDEN else str(people[w]) for w in wards}


def test_nothing_small_follows_from_both_tables_together(org, floater_wave):
    """Every count either table shows, put together, as an attacker would: no group of fewer than
    five people follows by any sum or difference."""
    from upstream.surveys import access
    from upstream.surveys.results import wave_results

    wave = floater_wave
    office = org.reporter.__class__.objects.get(username="office")
    found = wave_results(wave, access.result_scopes(office), results_from(wave) + dt.timedelta(hours=1))
    paths = {u.pk: u.path for u in Unit.objects.all()}
    atoms: dict = {}
    for unit_id, role in Response.objects.filter(wave=wave).values_list("unit_id", "role_group"):
        atoms[(unit_id, role)] = atoms.get((unit_id, role), 0) + 1

    def under(unit_id: int) -> frozenset:
        return frozenset(a for a in atoms if paths[a[0]].startswith(paths[unit_id]))

    cells, shown = {}, {}
    for row in found.rows:
        if row.kind == "organisation":
            covered = frozenset(atoms)
        elif row.kind == "unit":
            covered = under(row.key[1])
        else:
            covered = frozenset(a for a in under(row.key[1]) if a[1] == row.key[2])
        cells[row.key], shown[row.key] = covered, row.n
    for rate in found.rates:  # a second figure for the same people: the same count, or none
        covered = under(rate.unit_id)
        assert rate.answered in (None, sum(atoms[a] for a in covered))
        cells[("rate", rate.unit_id)], shown[("rate", rate.unit_id)] = covered, rate.answered
    assert shown[("rate", org.ward_b.pk)] is None
    assert derivable_small_sets(atoms, cells, shown, 5) == []
