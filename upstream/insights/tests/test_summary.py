"""The summary table: figures against hand-computed cases, and suppression an attacker cannot undo."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from upstream.insights.models import ALL, ConcernSummary
from upstream.insights.summary import refresh_summaries, suppress_lattice
from upstream.insights.tests.helpers import many
from upstream.org.models import RoleGroup, Unit

Q3 = dt.date(2026, 8, 3)  # a Monday in 2026-Q3
Q2 = dt.date(2026, 5, 4)


def cell(scope, period="2026-Q3", theme=ALL, role=ALL):
    return ConcernSummary.objects.filter(scope=scope, period=period, theme=theme, role_group=role).first()


def test_it_counts_acknowledgment_on_time_and_days_by_hand(org):
    many(org.ward_a, Q3, 3, ack_after_days=1)  # due in 3 days: on time
    many(org.ward_a, Q3, 2, ack_after_days=5)  # late
    many(org.ward_a, Q3, 1)  # not yet acknowledged
    refresh_summaries()
    ward = cell(org.ward_a)
    assert (ward.concerns, ward.acknowledged, ward.acknowledged_on_time) == (6, 5, 3)
    assert ward.ack_days == pytest.approx(3 * 1 + 2 * 5)
    # Rolled up unchanged to every level above, and into the year.
    for scope in (org.medicine, org.hospital, org.system):
        assert cell(scope).concerns == 6
    assert cell(org.ward_a, period="2026").concerns == 6
    assert cell(org.ward_a, theme="workload_staffing").concerns == 6


def test_small_cells_and_their_complements_are_hidden(org):
    many(org.ward_a, Q3, 9, "workload_staffing")
    many(org.ward_a, Q3, 6, "admin_burden_ehr")
    many(org.ward_a, Q3, 2, "moral_injury")
    refresh_summaries()
    assert cell(org.ward_a, theme="moral_injury").hidden
    # Otherwise 17 - 9 - 6 would give the 2 away: the smallest visible theme is hidden with it.
    assert cell(org.ward_a, theme="admin_burden_ehr").hidden
    assert not cell(org.ward_a, theme="workload_staffing").hidden
    assert not cell(org.ward_a).hidden


def test_a_concern_without_a_theme_counts_as_unclear(org):
    many(org.ward_a, Q3, 5, None)
    refresh_summaries()
    assert cell(org.ward_a, theme="unclear").concerns == 5


def test_refresh_is_idempotent(org):
    many(org.ward_a, Q3, 5)
    refresh_summaries()
    first = sorted(ConcernSummary.objects.values_list("scope", "period", "theme", "role_group", "concerns"))
    refresh_summaries()
    assert (
        sorted(ConcernSummary.objects.values_list("scope", "period", "theme", "role_group", "concerns"))
        == first
    )


def test_the_lattice_never_leaves_a_line_with_one_hidden_cell_or_a_small_hidden_sum_beside_a_visible_total():
    from upstream.insights.summary import add_years, build_cells, lines_of, total_of

    parent = {1: None, 2: 1, 3: 1, 4: 1}
    chain = {1: [1], 2: [2, 1], 3: [3, 1], 4: [4, 1]}
    values = itertools.cycle([0, 1, 7, 3, 12, 5, 2, 9, 4, 30, 1, 0, 6])
    rows = [
        {
            "unit_id": unit,
            "theme_key": theme,
            "year": 2026,
            "quarter": quarter,
            "role_group": role,
            "n": n,
            "ack": 0,
            "on_time": 0,
            "ack_days": None,
            "acted": 0,
            "act_days": None,
            "due": 0,
        }
        for unit, quarter, theme, role in itertools.product((2, 3, 4), (1, 2, 3, 4), "abc", "xy")
        if (n := next(values))
    ]
    cells = build_cells(rows, chain)
    add_years(cells)
    counts = {key: int(v[0]) for key, v in cells.items()}
    hidden = suppress_lattice(counts, parent, minimum=5)
    assert hidden
    lines: dict = {}
    for key in counts:
        for line in lines_of(key, parent):
            lines.setdefault(line, []).append(key)
    for line, members in lines.items():
        shown_hidden = [k for k in members if k in hidden and counts[k] > 0]
        assert len(shown_hidden) != 1 or total_of(line) in hidden, line
        # The total less the shown cells is the hidden cells' sum: never a small group.
        held = sum(counts[k] for k in shown_hidden)
        assert not 0 < held < 5 or total_of(line) in hidden, (line, held)
        # A hidden total beside parts that are all shown is their sum.
        assert shown_hidden or total_of(line) not in hidden or counts[total_of(line)] == 0, line


def test_two_small_hidden_cells_do_not_add_up_to_a_small_group_beside_their_total():
    """Units 2 and 3 have 1 and 2 concerns, unit 4 has 9, their parent 12: hiding 1 and 2 alone left
    "3 concerns in units 2 and 3" for anyone to subtract."""
    parent = {1: None, 2: 1, 3: 1, 4: 1}
    cell = {unit: (unit, "2026", "a", "") for unit in (1, 2, 3, 4)}
    counts = {cell[1]: 12, cell[2]: 1, cell[3]: 2, cell[4]: 9}
    hidden = suppress_lattice(counts, parent, minimum=5)
    assert cell[2] in hidden and cell[3] in hidden
    assert cell[4] in hidden or cell[1] in hidden


def test_an_attacker_with_every_view_cannot_solve_a_hidden_cell(org, client):
    """Ask the API for every unit, period and role group the system leader can choose, then
    subtract: themes from totals, siblings from parents, quarters from the year, roles from all."""
    from upstream.api.tokens import create_token
    from upstream.org.models import LeaderAssignment

    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.outsider)}"}
    roles = [RoleGroup.NURSE.value, RoleGroup.PHARMACIST.value]
    plan = [
        (org.ward_a, Q3, "workload_staffing", 8, RoleGroup.NURSE),
        (org.ward_a, Q3, "workload_staffing", 2, RoleGroup.PHARMACIST),
        (org.ward_a, Q3, "admin_burden_ehr", 6, RoleGroup.NURSE),
        (org.ward_b, Q3, "workload_staffing", 3, RoleGroup.NURSE),
        (org.ward_b, Q3, "admin_burden_ehr", 7, RoleGroup.PHARMACIST),
        (org.ward_a, Q2, "workload_staffing", 1, RoleGroup.NURSE),
        (org.ward_b, Q2, "workload_staffing", 9, RoleGroup.NURSE),
    ]
    for unit, day, key, count, role in plan:
        many(unit, day, count, key, role=role)
    refresh_summaries()
    known: dict[tuple, int] = {}
    units = [org.system, org.hospital, org.medicine, org.ward_a, org.ward_b]
    for unit, period, role in itertools.product(units, ["2026-Q3", "2026-Q2", "2026"], ["", *roles]):
        body = client.get(
            "/api/v1/insights/dashboard", {"unit": unit.pk, "period": period, "role": role}, **headers
        ).json()
        for series in body["volume"]:
            for quarter, value in zip(body["quarters"], series["values"], strict=True):
                if value is not None:
                    known[(unit.pk, quarter, series["theme"], role)] = value
        for quarter, value in zip(body["quarters"], body["totals"], strict=True):
            if value is not None:
                known[(unit.pk, quarter, "", role)] = value
        for row in body["heatmap"]:
            for key, value in zip(body["heatmap_themes"], row["values"], strict=True):
                if value is not None:
                    known[(row["unit_id"], period, key, role)] = value
    truth = {(c.scope_id, c.period, c.theme, c.role_group): c.concerns for c in ConcernSummary.objects.all()}
    hidden = {
        (c.scope_id, c.period, c.theme, c.role_group)
        for c in ConcernSummary.objects.filter(hidden=True, concerns__gt=0)
    }
    assert not hidden & set(known), "a hidden cell was shown"
    assert hidden, "the case must hide something to be a test"
    # Propagate: any line whose total is known and all parts but one are known solves that part.
    from upstream.insights.summary import lines_of, total_of

    parents = {u.pk: Unit.objects.get_parent(u) for u in units}
    parent = {pk: (p.pk if p else None) for pk, p in parents.items()}
    lines: dict = {}
    for key in truth:
        for line in lines_of(key, parent):
            lines.setdefault(line, []).append(key)

    solved = True
    while solved:
        solved = False
        for line, members in lines.items():
            total = total_of(line)
            if total not in known:
                continue
            unknown = [k for k in members if k not in known]
            if len(unknown) == 1:
                known[unknown[0]] = known[total] - sum(known[k] for k in members if k in known)
                solved = True
        for line, members in lines.items():  # and a total is the sum of its parts
            total = total_of(line)
            if total in truth and total not in known and all(k in known for k in members):
                known[total] = sum(known[k] for k in members)
                solved = True
    recovered = {key for key in hidden if key in known}
    assert recovered == set()


def test_a_hidden_total_beside_shown_parts_takes_one_of_them_with_it():
    """The nurses' 7 is hidden to protect the pharmacists' 2 beside a total of 9; the nurses' one
    theme still read 7, which is their total, and 9 - 7 gave the 2 back."""
    everyone, nurses, pharmacists = (1, "2026-Q3", "", ""), (1, "2026-Q3", "", "n"), (1, "2026-Q3", "", "p")
    nurses_admin, pharmacists_staffing = (1, "2026-Q3", "admin", "n"), (1, "2026-Q3", "staffing", "p")
    counts = {everyone: 9, nurses: 7, pharmacists: 2, nurses_admin: 7, pharmacists_staffing: 2}
    counts |= {(1, "2026-Q3", "admin", ""): 7, (1, "2026-Q3", "staffing", ""): 2}
    hidden = suppress_lattice(counts, {1: None}, minimum=5)
    assert {pharmacists, nurses, nurses_admin} <= hidden


def test_a_small_quarter_takes_an_earlier_quarter_with_it_before_the_latest():
    year = {q: (1, f"2026-Q{q}", "", "") for q in (1, 2, 3, 4)}
    counts = {year[1]: 3, year[2]: 9, year[3]: 8, year[4]: 6, (1, "2026", "", ""): 26}
    hidden = suppress_lattice(counts, {1: None}, minimum=5)
    assert hidden == {year[1], year[3]}  # not the 6 of this quarter, though it is the smallest
