from __future__ import annotations

import datetime as dt
import itertools
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from upstream.community.models import PeerRequest, PeerSupporter
from upstream.community.services import peer
from upstream.community.tests.factories import make_office
from upstream.org.models import Membership, User


@pytest.fixture
def supporters(org):
    """One supporter on the requester's own unit, one who leads above them, two from elsewhere."""
    same_unit = PeerSupporter.objects.create(user=User.objects.get(username="nurse0"))
    boss = PeerSupporter.objects.create(user=org.chair)
    northside = PeerSupporter.objects.create(user=org.outsider)
    far = User.objects.create_user(username="far", email="far@example.org", password="x")
    Membership.objects.create(user=far, unit=org.other_hospital, role_group="attending")
    other = PeerSupporter.objects.create(user=far)
    return {"same_unit": same_unit, "boss": boss, "northside": northside, "far": other}


def test_it_routes_outside_the_requesters_unit_and_leaders(
    org, supporters, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = peer.request_support(org.reporter, contact="pager 4417", when="after 7pm").request
    assert made.supporter in (supporters["northside"], supporters["far"])
    assert set(made.candidates) == {supporters["northside"].pk, supporters["far"].pk}
    assert mail.outbox[-1].to == [made.supporter.user.email]
    assert "4417" not in mail.outbox[-1].body  # the email says where to look, not who


def test_it_reroutes_when_not_picked_up_and_tracks_first_contact(org, supporters):
    start = timezone.now()
    made = peer.request_support(org.reporter, contact="555-0100", now=start).request
    first = made.supporter
    assert peer.reroute_stale(now=start + dt.timedelta(hours=1)) == 0
    assert peer.reroute_stale(now=start + dt.timedelta(hours=25)) == 1
    made.refresh_from_db()
    assert made.supporter not in (None, first) and made.tried == 2
    peer.record_contact(made, now=start + dt.timedelta(hours=27))
    # The office's dates are the hospital's calendar days, not UTC's (they differ each evening).
    today = timezone.localdate(start)
    figures = peer.office_figures(today, today + dt.timedelta(days=1))
    assert figures["median_hours_to_contact"] == 27.0 and figures["rerouted"] == 1
    assert peer.reroute_stale(now=start + dt.timedelta(hours=60)) == 0  # contacted: stays


def test_with_nobody_eligible_it_waits_for_the_office(org, supporters):
    PeerSupporter.objects.filter(pk__in=[supporters["northside"].pk, supporters["far"].pk]).update(
        available=False
    )
    made = peer.request_support(org.reporter, contact="555-0100").request
    assert made.supporter is None and made.status == "waiting"


def test_leaders_see_weekly_counts_only_and_small_ones_hidden(org, supporters, client):
    for index in range(2):
        peer.request_support(User.objects.get(username=f"nurse{index + 1}"), contact=f"55501{index}")
    client.force_login(org.leader)
    weeks = client.get("/api/v1/community/peer/counts").json()
    assert weeks and all(set(w) == {"week", "requests"} for w in weeks)
    assert weeks[-1]["requests"] is None  # 2 < minimum group size
    # As on the page, every week of the 90 days is there, a week nobody asked in as 0.
    mondays = [dt.date.fromisoformat(w["week"]) for w in weeks]
    assert all(b - a == dt.timedelta(weeks=1) for a, b in itertools.pairwise(mondays)) and len(weeks) >= 13
    assert mondays[0].weekday() == 0 and [w["requests"] for w in weeks[:-1]] == [0] * (len(weeks) - 1)
    page = client.get("/community/peer/").content.decode()
    assert "how many asked" in page and "a few" in page and "55501" not in page
    # Weeks named as dates are written, every week a row (a week nobody asked in says 0).
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    assert f"<td>{monday.day} {monday:%b %Y}</td>" in page and monday.isoformat() not in page
    assert page.count("<tr><td>") == 9 and "<td>0</td>" in page
    client.force_login(User.objects.get(username="nurse5"))
    assert client.get("/api/v1/community/peer/counts").status_code == 404
    assert "how many asked" not in client.get("/community/peer/").content.decode()


def test_a_dump_holds_no_account_for_a_request_and_closing_erases_the_contact(org, supporters):
    made = peer.request_support(org.reporter, contact="robin.q@home.example", note="rough week").request
    buffer = StringIO()
    call_command("dumpdata", "community.peerrequest", stdout=buffer)
    row = json.loads(buffer.getvalue())[0]["fields"]
    assert set(row) == {
        "contact",
        "when",
        "note",
        "status",
        "supporter",
        "candidates",
        "tried",
        "offered",  # supporters' ids, as candidates: erased at closing
        "urgent",  # a yes/no from the crisis screen: no account, no words, no time
        "created_at",
        "routed_at",
        "first_contact_at",
        "closed_at",
    }
    dumped = buffer.getvalue()
    assert org.reporter.username not in dumped and org.reporter.email not in dumped
    assert f'"user": {org.reporter.pk}' not in dumped
    peer.close_request(made)
    buffer = StringIO()
    call_command("dumpdata", "community.peerrequest", stdout=buffer)
    assert "robin.q" not in buffer.getvalue() and "rough week" not in buffer.getvalue()
    # The supporters outside the requester's hierarchy would say roughly where they work.
    closed = json.loads(buffer.getvalue())[0]["fields"]
    assert closed["candidates"] == [] and closed["offered"] == []


def test_pages_and_api_for_requesters_supporters_and_the_office(org, supporters, client):
    client.force_login(org.reporter)
    page = client.post("/community/peer/", {"contact": "ext 2231", "when": "", "note": ""})
    assert page.status_code == 200 and "Your request is with a peer supporter" in page.content.decode()
    made = PeerRequest.objects.get()
    client.force_login(made.supporter.user)
    assert "ext 2231" in client.get("/community/peer/").content.decode()
    assigned = client.get("/api/v1/community/peer/assigned").json()
    assert assigned[0]["contact"] == "ext 2231"
    done = client.post(f"/api/v1/community/peer/assigned/{made.pk}/contact")
    assert done.json()["status"] == "contacted"
    client.force_login(org.reporter)  # not the supporter: cannot see or act on it
    assert client.post(f"/api/v1/community/peer/assigned/{made.pk}/close").status_code == 404
    bad = client.post("/api/v1/community/peer/requests", {"contact": "\x00"}, content_type="application/json")
    assert bad.status_code == 400
    assert client.get("/community/peer/office").status_code == 404
    office = make_office(org.other_leader)
    client.force_login(office)
    assert "median time to first contact" in client.get("/community/peer/office").content.decode()
    assert client.get("/api/v1/community/peer/figures").json()["requests"] == 1
    listed = client.post(
        "/api/v1/community/peer/supporters", {"username": "nurse6"}, content_type="application/json"
    )
    assert listed.status_code == 201
    unknown = client.post(
        "/api/v1/community/peer/supporters", {"username": "nobody"}, content_type="application/json"
    )
    assert (unknown.status_code, unknown.json()["detail"]) == (
        404,
        "No active account has that name, username or email.",
    )


def test_it_handles_a_span_of_days_outside_1_to_730_with_a_clear_400(org, client):
    """The span was any integer, silently clamped; a fuzzer's 4,000-digit one got the server's 414."""
    make_office(org.leader)
    client.force_login(org.leader)
    for path in ("/api/v1/community/peer/counts", "/api/v1/community/peer/figures"):
        assert client.get(f"{path}?days=730").status_code == 200
        for days in ("0", "731", "9" * 30):
            refused = client.get(f"{path}?days={days}")
            assert refused.status_code == 400 and "days" in refused.json()["detail"], (path, days)
    assert client.get("/api/v1/community/thanks/counts?days=731").status_code == 400


def test_a_request_nobody_could_take_is_offered_when_a_candidate_is_back(
    org, supporters, django_capture_on_commit_callbacks
):
    away = [supporters["northside"], supporters["far"]]
    PeerSupporter.objects.filter(pk__in=[s.pk for s in away]).update(available=False)
    with django_capture_on_commit_callbacks(execute=True):
        made = peer.request_support(org.reporter, contact="555-0100").request
    assert made.supporter is None
    assert peer.offer_unassigned() == 0  # still nobody: it waits, and the office is not emailed again
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        peer.set_availability(supporters["far"].user, True)
    made.refresh_from_db()
    assert made.supporter == supporters["far"]
    assert mail.outbox[-1].to == [supporters["far"].user.email]
    # The one who leads the requester never gets it, however available.
    assert peer.offer_unassigned() == 0 and made.supporter != supporters["boss"]


def test_the_hourly_task_offers_a_request_left_with_nobody_again(org, supporters):
    for supporter in PeerSupporter.objects.all():
        supporter.available = False
        supporter.save()
    made = peer.request_support(org.reporter, contact="555-0100").request
    PeerSupporter.objects.filter(pk=supporters["northside"].pk).update(available=True)  # e.g. by an admin
    assert made.candidates and peer.offer_unassigned() == 1
    made.refresh_from_db()
    assert made.supporter == supporters["northside"]
    assert peer.offer_unassigned() == 0  # idempotent


def test_the_office_lists_a_supporter_by_name_email_or_username_in_any_case(org, client):
    """Only the exact username was taken ("STAFF" and an email were "No account"), and usernames are
    shown nowhere the office looks (a new-user walk); the deputies form took a name already."""
    from upstream.community.models import PeerSupporter

    client.force_login(make_office(org.other_leader))
    nurse = User.objects.get(username="nurse6")
    nurse.first_name, nurse.last_name = "Imani", "Okoro"
    nurse.save()
    for handle in ("NURSE6", nurse.email.upper(), f"{nurse.first_name} {nurse.last_name}"):
        PeerSupporter.objects.all().delete()
        page = client.post("/community/peer/office", {"username": handle}, follow=True)
        assert PeerSupporter.objects.filter(user=nurse).exists(), handle
        assert "is listed as a peer supporter" in page.content.decode()
    api = client.post(
        "/api/v1/community/peer/supporters", {"username": nurse.email}, content_type="application/json"
    )
    assert api.status_code == 201
