"""Results: only after the wave's last release, no small cell, nothing recoverable by subtraction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upstream.org.models import Membership, Unit
from upstream.privacy.complementary import derivable_small_sets
from upstream.surveys.instruments import shipped_instruments
from upstream.surveys.models import Comment, Invitation, Response
from upstream.surveys.results import results_from, trend, wave_results
from upstream.surveys.scoring import score_answers
from upstream.surveys.tests.helpers import office_of, open_wave


def add_responses(
    wave, unit, role, count, division=4, comment="", *, instrument="upstream-pulse", answers=None
):
    """`count` released answers; the pulse's division and safety items unless `answers` says otherwise."""
    spec = shipped_instruments()[instrument]
    answers = {"up_division": division, "up_safety": 4} if answers is None else answers
    Response.objects.bulk_create(
        Response(
            wave=wave,
            unit=unit,
            role_group=role,
            released_on=wave.closes_on,
            answers={instrument: answers},
            scores={instrument: score_answers(spec, answers)},
        )
        for _ in range(count)
    )
    if comment:
        Comment.objects.bulk_create(
            Comment(wave=wave, unit=unit, role_group=role, released_on=wave.closes_on, text=comment)
            for _ in range(count)
        )


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.system])


def after(wave):
    return results_from(wave) + dt.timedelta(minutes=1)


def row(results, key):
    return next(r for r in results.rows if r.key == key)


def division(results, key):
    cell = next(c for c in row(results, key).scores if c.score == "division")
    return cell.summary


def test_it_shows_nothing_before_the_last_answers_are_released(org, wave):
    add_responses(wave, org.ward_a, "nurse", 8)
    early = wave_results(wave, [org.medicine], results_from(wave) - dt.timedelta(minutes=1))
    assert not early.ready and early.rows == []
    assert wave_results(wave, [org.medicine], after(wave)).ready


def test_it_hides_a_small_unit_and_the_sibling_that_would_give_it_away(org, wave):
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 3, division=5)
    results = wave_results(wave, [org.medicine], after(wave))
    assert row(results, ("unit", org.ward_b.pk)).n is None
    assert row(results, ("unit", org.ward_a.pk)).n is None  # medicine minus 4 West would be 5 East
    assert row(results, ("unit", org.medicine.pk)).n == 10
    assert division(results, ("unit", org.medicine.pk)).mean == pytest.approx((7 * 2 + 3 * 5) / 10)
    assert division(results, ("unit", org.ward_b.pk)) is None


def test_it_shows_units_large_enough_with_means_intervals_and_cutoff_shares(org, wave):
    # At least the comment threshold (10) of people: a group that small shows no share (test_small_shares).
    add_responses(wave, org.ward_a, "nurse", 9, division=4)
    add_responses(wave, org.ward_a, "nurse", 3, division=2)
    add_responses(wave, org.ward_b, "nurse", 6, division=2)
    results = wave_results(wave, [org.medicine], after(wave))
    summary = division(results, ("unit", org.ward_a.pk))
    assert summary.n == 12 and summary.mean == pytest.approx(3.5)
    assert summary.low < 3.5 < summary.high
    assert summary.share_above == pytest.approx(9 / 12)  # "feels divided": agree or strongly agree
    assert division(results, ("organisation",)).n == 18


def test_a_renamed_unit_and_a_new_answer_show_at_once(org, wave):
    """The shown table is kept per process; a change of answers or of the tree is a new one."""
    add_responses(wave, org.ward_a, "nurse", 6)
    ward = ("unit", org.ward_a.pk)
    assert row(wave_results(wave, [org.medicine], after(wave)), ward).label == "4 West"
    Unit.objects.filter(pk=org.ward_a.pk).update(name="4 West Cardiac")
    medicine = Unit.objects.get(pk=org.medicine.pk)
    renamed = wave_results(wave, [medicine], after(wave))
    assert (row(renamed, ward).label, row(renamed, ward).n) == ("4 West Cardiac", 6)
    add_responses(wave, org.ward_a, "nurse", 1)
    assert row(wave_results(wave, [medicine], after(wave)), ward).n == 7


def test_no_small_group_is_recoverable_from_what_a_leader_sees(org, wave):
    add_responses(wave, org.ward_a, "nurse", 6)
    add_responses(wave, org.ward_a, "pharmacist", 2)
    add_responses(wave, org.ward_b, "nurse", 5)
    add_responses(wave, org.ward_b, "pharmacist", 1)
    add_responses(wave, org.other_hospital, "nurse", 9)
    results = wave_results(wave, [org.medicine], after(wave))
    atoms: dict = {}
    for r in Response.objects.all():
        atoms[(r.unit_id, r.role_group)] = atoms.get((r.unit_id, r.role_group), 0) + 1
    paths = {r.unit_id: r.unit.path for r in Response.objects.select_related("unit")}
    cells, shown = {}, {}
    for r in results.rows:
        if r.kind == "organisation":
            covered = frozenset(atoms)
        elif r.kind == "unit":
            unit = next(u for u in org.medicine.subtree() if u.pk == r.key[1])
            covered = frozenset(a for a in atoms if paths[a[0]].startswith(unit.path))
        else:
            covered = frozenset(
                a for a in atoms if a[1] == r.key[2] and paths[a[0]].startswith(org.medicine.path)
            )
        cells[r.key], shown[r.key] = covered, r.n
    assert row(results, ("role", org.medicine.pk, "pharmacist")).n is None
    assert derivable_small_sets(atoms, cells, shown, 5) == []


def test_it_shows_comments_only_to_a_group_of_ten(org, wave):
    add_responses(wave, org.ward_a, "nurse", 9, comment="More time to talk with patients.")
    results = wave_results(wave, [org.medicine], after(wave))
    assert results.comments == [(org.medicine, None)]
    add_responses(wave, org.ward_b, "nurse", 1, comment="Night shift feels cut off.")
    results = wave_results(wave, [org.medicine], after(wave))
    shown = results.comments[0][1]
    assert len(shown) == 10 and "Night shift feels cut off." in {c.text for c in shown}


def test_it_reports_the_response_rate_through_the_same_suppression(org, wave):
    # Answered is the scores' own count of the unit (test_rates_and_scores.py): the same cells hidden.
    today = timezone.localdate()
    nurses = Invitation.objects.filter(wave=wave, user__username__startswith="nurse")
    Invitation.objects.filter(pk__in=list(nurses.values_list("pk", flat=True)[:6])).update(answered_on=today)
    add_responses(wave, org.ward_a, "nurse", 6)
    results = wave_results(wave, [org.medicine], after(wave))
    medicine = next(r for r in results.rates if r.label == "Medicine")
    assert (medicine.invited, medicine.answered, medicine.rate) == (10, 6, 0.6)
    assert medicine.answered == row(results, ("unit", org.medicine.pk)).n
    Invitation.objects.filter(wave=wave, user__username="outsider").update(answered_on=today)
    add_responses(wave, org.other_hospital, "nurse", 1)
    results = wave_results(wave, [org.system], after(wave))
    northside = next(r for r in results.rates if r.label == "Northside")
    assert northside.invited is None  # one person: hidden
    assert northside.answered is None and row(results, ("unit", org.other_hospital.pk)).n is None


def test_response_rates_are_worked_out_once_a_day_and_show_a_move_the_next_day(org, wave):
    def invited(results, label):
        return next((r.invited for r in results.rates if r.label == label), 0)

    first = wave_results(wave, [org.medicine], after(wave))
    before = (invited(first, "4 West"), invited(first, "5 East"))
    movers = list(Membership.objects.filter(unit=org.ward_a, user__username__startswith="nurse")[:5])
    Membership.objects.filter(pk__in=[m.pk for m in movers]).update(unit=org.ward_b)
    same_day = wave_results(wave, [org.medicine], after(wave))
    assert (invited(same_day, "4 West"), invited(same_day, "5 East")) == before
    next_day = wave_results(wave, [org.medicine], after(wave) + dt.timedelta(days=1))
    assert invited(next_day, "4 West") == before[0] - 5
    assert invited(next_day, "5 East") == before[1] + 5


def test_it_follows_a_score_across_waves(org, wave):
    add_responses(wave, org.ward_a, "nurse", 8, division=4)
    office = org.reporter.__class__.objects.get(username="office")
    later = open_wave(org, office, units=[org.system], today=wave.opens_on + dt.timedelta(days=14))
    add_responses(later, org.ward_a, "nurse", 8, division=2)
    when = after(later)
    points = trend([later, wave], [org.medicine], "upstream-pulse", "division", when)
    assert [p.summaries[("unit", org.ward_a.pk)].mean for p in points] == [4, 2]


def test_a_score_that_some_skipped_gets_its_own_suppression(org, wave):
    # Both wards have 6 respondents, but 2 on 5 East skipped the division item: 4 people scored.
    # Medicine's division mean (10 people) minus 4 West's (6) would give 5 East's 4 people.
    add_responses(wave, org.ward_a, "nurse", 6, division=4)
    add_responses(wave, org.ward_b, "nurse", 4, division=1)
    pulse = shipped_instruments()["upstream-pulse"]
    skipped = {"up_safety": 4}
    Response.objects.bulk_create(
        Response(
            wave=wave,
            unit=org.ward_b,
            role_group="nurse",
            released_on=wave.closes_on,
            answers={"upstream-pulse": skipped},
            scores={"upstream-pulse": score_answers(pulse, skipped)},
        )
        for _ in range(2)
    )
    results = wave_results(wave, [org.medicine], after(wave))
    assert row(results, ("unit", org.ward_b.pk)).n == 6  # as respondents, every cell is large enough
    assert division(results, ("unit", org.ward_b.pk)) is None
    medicine, ward_a = (
        division(results, ("unit", org.medicine.pk)),
        division(results, ("unit", org.ward_a.pk)),
    )
    assert medicine is None or ward_a is None, "5 East's division mean would follow by subtraction"


def test_a_large_scope_is_protected_as_thoroughly_as_a_small_one(org, wave):
    # Twenty wards of random sizes and up to four role groups each: more groups than the general search takes
    # (`complementary.NESTED_ABOVE`), so the fast nested suppression decides. What the page shows is
    # then checked by the general search: no set of 1-4 people follows from the shown rows.
    import random

    import numpy as np

    from upstream.org.models import Unit
    from upstream.privacy import complementary

    rng = random.Random(3)  # noqa: S311 - seeded test table
    wards = [
        Unit.objects.add_child(org.medicine, dict(name=f"Ward {i}", code=f"w{i}", level="unit"))
        for i in range(20)
    ]
    for ward in wards[1:]:
        for role in rng.sample(["nurse", "attending", "resident"], rng.randint(2, 3)):
            add_responses(wave, ward, role, rng.choice([3, 4, 6, 9]))
    # One small ward, of the only three pharmacists: Medicine minus the other wards would give the
    # ward, and Medicine minus the other role groups the pharmacists, unless more is hidden.
    add_responses(wave, wards[0], "pharmacist", 3)
    add_responses(wave, org.other_hospital, "nurse", 9)
    atoms: dict = {}
    for unit_id, role in Response.objects.values_list("unit_id", "role_group"):
        atoms[(unit_id, role)] = atoms.get((unit_id, role), 0) + 1
    assert sum(1 for a in atoms if a[0] != org.other_hospital.pk) > complementary.NESTED_ABOVE

    results = wave_results(wave, [org.medicine], after(wave))
    keys = list(atoms)
    rows, hidden = [], 0
    for r in results.rows:
        if r.n is None:
            hidden += 1
            continue
        if r.kind == "organisation":
            covered = set(keys)
        elif r.kind == "unit":
            below = {u.pk for u in Unit.objects.get(pk=r.key[1]).subtree()}
            covered = {a for a in keys if a[0] in below}
        else:
            below = {u.pk for u in org.medicine.subtree()}
            covered = {a for a in keys if a[0] in below and a[1] == r.key[2]}
        assert r.n == sum(atoms[a] for a in covered)
        rows.append([1.0 if a in covered else 0.0 for a in keys])
    counts = np.array([atoms[a] for a in keys], dtype=float)
    assert hidden and rows
    leak = complementary.find_leak(np.array(rows), counts, 5)
    assert leak is None, "a group of fewer than five follows from the rows shown"
