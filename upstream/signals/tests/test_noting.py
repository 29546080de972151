"""Early warnings belong to each leader: noting is personal and kept, and a rise shows once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.org.models import LeaderAssignment
from upstream.signals.models import Signal, SignalNote
from upstream.signals.services import note_signal, warnings_for, warnings_in
from upstream.themes.models import Theme

DAY = dt.date(2026, 9, 14)


def rise(scope, p_value: float, *, theme="workload_staffing", day=DAY, observed=9, expected=2.0) -> Signal:
    return Signal.objects.create(
        scope=scope,
        theme=Theme.objects.get(key=theme),
        raised_on=day,
        started_on=day - dt.timedelta(days=5),
        window_days=14,
        observed=observed,
        expected=expected,
        p_value=p_value,
        message=f"{observed} concerns about staffing in {scope.name} in the last 14 days.",
    )


@pytest.fixture
def officer(org):
    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    return org.outsider


@pytest.fixture
def one_rise(org):
    """The same staffing rise flagged at the unit, the department, the hospital and the system."""
    return {
        "ward": rise(org.ward_a, 1e-4),
        "department": rise(org.medicine, 1e-6, observed=12, expected=3.0),
        "hospital": rise(org.hospital, 1e-3, observed=14, expected=6.0),
        "system": rise(org.system, 1e-2, observed=20, expected=11.0),
    }


def test_a_rise_shows_once_where_it_is_sharpest_with_the_levels_it_rolls_up_into(org, officer, one_rise):
    warnings = warnings_for(officer)
    assert len(warnings) == 1
    assert warnings[0].signal == one_rise["department"]
    assert [s.scope for s in warnings[0].also] == [org.system, org.hospital, org.ward_a]
    # The unit's manager sees the rise in their unit, the only level they lead.
    assert [w.signal for w in warnings_for(org.leader)] == [one_rise["ward"]]


def test_separate_rises_stay_separate(org, officer, one_rise):
    elsewhere = rise(org.other_hospital, 1e-5)
    other_theme = rise(org.ward_a, 1e-5, theme="admin_burden_ehr")
    months_later = rise(org.ward_a, 1e-5, day=DAY + dt.timedelta(days=90))
    shown = {w.signal for w in warnings_for(officer)}
    assert {elsewhere, other_theme, months_later, one_rise["department"]} == shown


def test_a_limit_keeps_the_first_warnings_after_the_noted_ones_are_left_out(org, officer, one_rise):
    later = [rise(org.other_hospital, 1e-5, day=DAY + dt.timedelta(days=30 * n)) for n in (1, 2, 3)]
    assert [w.signal for w in warnings_for(officer, limit=2)] == [later[2], later[1]]
    note_signal(later[2], officer)
    first = warnings_for(officer, limit=2)
    assert [w.signal for w in first] == [later[1], later[0]]
    assert [(w.signal, w.also) for w in first] == [(w.signal, w.also) for w in warnings_for(officer)[:2]]
    # The grouped rise keeps its levels when it is among the first.
    last = warnings_for(officer, limit=3)[-1]
    assert last.signal == one_rise["department"] and len(last.also) == 3


def test_noting_is_per_leader_and_kept_as_history(client, org, officer, one_rise):
    client.login(username="chair", password=PASSWORD)
    client.post(reverse("concerns:note_signal", args=[one_rise["department"].pk]))
    assert warnings_for(org.chair) == []
    # The unit manager and the well-being officer still see it.
    assert warnings_for(org.leader) and warnings_for(officer)
    note = SignalNote.objects.get(signal=one_rise["department"], leader=org.chair)
    assert note.noted_at is not None
    # Noting the rise notes every level of it that this leader can see, for them only.
    assert set(SignalNote.objects.filter(leader=org.chair).values_list("signal", flat=True)) == {
        one_rise["department"].pk,
        one_rise["ward"].pk,
    }
    page = client.get(reverse("concerns:inbox")).content.decode()
    assert "Mark as noted" not in page
    # ... and can be found again: once all were noted they vanished with no way back (executive's probe).
    assert 'You noted 1 early warning, so it is not listed here. <a href="?noted=1">Show it</a>' in page
    noted = client.get(reverse("concerns:inbox"), {"noted": "1"}).content.decode()
    assert "Early warnings you noted" in noted and one_rise["department"].sentence in noted
    assert "Mark as noted" not in noted and "Back to the early warnings you have not noted" in noted
    assert warnings_for(org.chair, noted=True)[0].signal == one_rise["department"]


def test_a_warning_offers_its_two_actions_as_buttons_side_by_side(client, org, one_rise):
    # They ran into the hint text as a link and a bold link-styled button ("...concerns Mark as noted").
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("concerns:inbox")).content.decode()
    row = page[page.index('<div class="actions-row">') :]
    row = row[: row.index("</div>")]
    assert 'class="button secondary"' in row and "See every concern of this theme in 4 West" in row
    assert '<button type="submit" class="secondary">Mark as noted</button>' in row


def test_a_leader_cannot_note_a_warning_outside_their_units(client, org, one_rise):
    client.login(username="leader_b", password=PASSWORD)
    assert client.post(reverse("concerns:note_signal", args=[one_rise["ward"].pk])).status_code == 404
    assert not SignalNote.objects.exists()


def test_the_api_lists_and_notes_warnings(client, org, officer, one_rise):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(officer)}"}
    body = client.get("/api/v1/signals", **headers).json()
    assert [w["scope"] for w in body] == ["Medicine"]
    assert [level["scope"] for level in body[0]["also"]] == [
        "Riverbend Health",
        "Riverbend General",
        "4 West",
    ]
    noted = client.post(f"/api/v1/signals/{body[0]['id']}/note", **headers).json()["noted"]
    assert len(noted) == 4 and client.get("/api/v1/signals", **headers).json() == []
    again = client.get("/api/v1/signals", {"noted": "true"}, **headers).json()
    assert [w["id"] for w in again] == [body[0]["id"]]
    other = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.other_leader)}"}
    assert client.post(f"/api/v1/signals/{one_rise['ward'].pk}/note", **other).status_code == 404


def test_noting_twice_changes_nothing(org, one_rise):
    note_signal(one_rise["ward"], org.leader)
    note_signal(one_rise["ward"], org.leader)
    assert SignalNote.objects.count() == 1


def test_a_scope_keeps_the_rises_sharpest_under_it_after_grouping_the_whole_subtree(org, officer, one_rise):
    elsewhere = rise(org.other_hospital, 1e-5)
    # The rise is sharpest at the department, so the hospital's view shows it there, with all levels.
    in_hospital = warnings_for(officer, within=org.hospital.path)
    assert [w.signal for w in in_hospital] == [one_rise["department"]]
    assert len(in_hospital[0].also) == 3
    # The ward's view does not show it again at the ward: the rise is the department's.
    assert warnings_for(officer, within=org.ward_a.path) == []
    assert [w.signal for w in warnings_for(officer, within=org.other_hospital.path)] == [elsewhere]


def test_a_report_of_a_scope_shows_its_rises_whoever_noted_them(org, officer, one_rise):
    note_signal(one_rise["department"], officer)
    shown = warnings_in(org.hospital.path)
    assert [w.signal for w in shown] == [one_rise["department"]]
    # Only the levels inside the scope: the system's rise lies above the hospital.
    assert [s.scope for s in shown[0].also] == [org.hospital, org.ward_a]
    assert [w.signal for w in warnings_in(org.system.path)] == [one_rise["department"]]
    assert warnings_in(org.other_hospital.path) == []


def test_noting_again_from_a_stale_tab_goes_back_to_the_inbox_saying_so(client, org, one_rise):
    """The second tab, drawn before the first noted the warning, answered a 404 page ("We could not
    find that page")."""
    client.login(username="chair", password=PASSWORD)
    action = reverse("concerns:note_signal", args=[one_rise["department"].pk])
    first = client.post(f"{action}?theme=workload_staffing", follow=True).content.decode()
    assert "Noted. The early warning leaves your inbox" in first
    kept = dict(SignalNote.objects.filter(leader=org.chair).values_list("signal", "noted_at"))
    again = client.post(f"{action}?theme=workload_staffing")
    assert again.status_code == 302
    # The inbox it goes back to is the one the form was on (status: the page's default, open).
    assert again["Location"] == reverse("concerns:inbox") + "?status=open&theme=workload_staffing"
    page = client.get(again["Location"]).content.decode()
    assert "You had already noted this warning." in page
    assert "Noted. The early warning leaves your inbox" not in page
    assert dict(SignalNote.objects.filter(leader=org.chair).values_list("signal", "noted_at")) == kept
    # A level of the rise noted with it counts as noted too.
    ward = client.post(reverse("concerns:note_signal", args=[one_rise["ward"].pk]), follow=True)
    assert "You had already noted this warning." in ward.content.decode()
    assert SignalNote.objects.filter(leader=org.chair).count() == 2


def test_the_api_notes_a_warning_again_with_the_same_answer(client, org, officer, one_rise):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(officer)}"}
    url = f"/api/v1/signals/{one_rise['department'].pk}/note"
    first = client.post(url, **headers)
    kept = dict(SignalNote.objects.filter(leader=officer).values_list("signal", "noted_at"))
    again = client.post(url, **headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and len(again.json()["noted"]) == 4
    assert dict(SignalNote.objects.filter(leader=officer).values_list("signal", "noted_at")) == kept
    # Another level of the same rise answers the same rise.
    ward = client.post(f"/api/v1/signals/{one_rise['ward'].pk}/note", **headers)
    assert ward.status_code == 200 and sorted(ward.json()["noted"]) == sorted(first.json()["noted"])
    # Noting stays the leader's own: another leader's first note is a note, not an "again".
    assert client.post(url, HTTP_AUTHORIZATION=f"Bearer {create_token(org.chair)}").json()["noted"]
    assert SignalNote.objects.filter(leader=org.chair).count() == 2


def test_the_warnings_link_says_it_lists_every_concern_of_the_theme_in_the_unit(client, org, one_rise):
    """ "See these concerns" under "5 concerns … in the 14 days to …" went to the inbox filtered by
    theme and unit, which lists every concern of that theme there, of every status and day."""
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("concerns:inbox")).content.decode()
    target = f"?status=all&amp;theme=workload_staffing&amp;unit={org.ward_a.pk}"
    link = f'href="{target}">See every concern of this theme in 4 West</a>'
    assert link in page and "See these concerns" not in page
