"""The read trail is evidence: the well-being office sees who read what and when (page and API);
nobody can add, change or delete a read record in the admin; leaders and staff cannot see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from upstream.concerns.models import ReadRecord
from upstream.concerns.tests.helpers import released
from upstream.org.models import LeaderAssignment


@pytest.fixture
def trail(org):
    """Two leaders' reads on two wards, on different days; an office member at the top."""
    office = make_user("office", first="Dana", last="Whitfield")
    LeaderAssignment.objects.create(user=office, unit=org.system, title="Well-being officer")
    on_a = released(unit=org.ward_a).concern
    on_b = released(unit=org.ward_b).concern
    now = timezone.now()
    ReadRecord.objects.create(leader=org.leader, concern=on_a, at=now - dt.timedelta(days=3), via="page")
    ReadRecord.objects.create(leader=org.leader, concern=on_a, at=now, via="api")
    ReadRecord.objects.create(
        leader=org.other_leader, concern=on_b, at=now - dt.timedelta(days=1), via="inbox"
    )
    org.office, org.on_a, org.on_b, org.now = office, on_a, on_b, now
    return org


def test_the_office_sees_who_read_what_newest_first(client, trail):
    client.force_login(trail.office)
    response = client.get("/audit/reads/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 reads" in html
    assert html.index("<td>Dana Okafor</td>") < html.index(
        "<td>Sam Reyes</td>"
    )  # newest (today) before yesterday
    assert trail.on_a.reference in html and trail.on_b.reference in html
    assert "Who read what" in html  # the navigation offers it


def test_the_office_filters_by_leader_unit_and_date(client, trail):
    client.force_login(trail.office)
    by_leader = client.get("/audit/reads/", {"leader": trail.other_leader.pk}).content.decode()
    assert (
        "1 read" in by_leader
        and "<td>Sam Reyes</td>" in by_leader
        and "<td>Dana Okafor</td>" not in by_leader
    )
    by_unit = client.get("/audit/reads/", {"unit": trail.ward_a.pk}).content.decode()
    assert "2 reads" in by_unit
    by_department = client.get("/audit/reads/", {"unit": trail.medicine.pk}).content.decode()
    assert "3 reads" in by_department
    today = timezone.localdate(trail.now).isoformat()
    by_day = client.get("/audit/reads/", {"since": today, "until": today}).content.decode()
    assert "1 read" in by_day


def test_it_handles_nonsense_filters_with_a_400(client, trail):
    client.force_login(trail.office)
    assert client.get("/audit/reads/", {"since": "not-a-date"}).status_code == 400
    assert client.get("/audit/reads/", {"since": "2026-05-02", "until": "2026-05-01"}).status_code == 400
    assert client.get("/audit/reads/", {"leader": "999999"}).status_code == 400
    # A day written the American way was read as month/day and applied, and the box showed empty;
    # the API refuses it: the page asks for year-month-day as the API does (an officer's walk).
    us_day = client.get("/audit/reads/", {"since": "08/12/2026"})
    assert us_day.status_code == 400
    assert "as year-month-day (for example 2026-03-31)" in us_day.content.decode()


def test_a_filter_it_cannot_read_lists_nothing_rather_than_every_read(client, trail):
    """Under "The first day must not be after the last", every read was listed, as if filtered."""
    client.force_login(trail.office)
    everything = client.get("/audit/reads/").content.decode()
    assert "1 read" in everything or " reads" in everything
    refused = client.get("/audit/reads/", {"since": "2026-05-02", "until": "2026-05-01"})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Nothing is listed until the filter above can be read." in page
    assert "<table" not in page and " reads</p>" not in page and "1 read</p>" not in page


DATE_WORDS = "Please enter a date that exists, as year-month-day (for example 2026-03-31)."


@pytest.mark.parametrize("value", ["0", "86400", "2026-03-01T00:00:00"])
def test_it_refuses_a_day_not_given_as_year_month_day(client, trail, value):
    """`until=0` was read as 1 January 1970 (seconds since then) and answered an empty list."""
    client.force_login(trail.office)
    response = client.get("/api/v1/audit/reads", {"since": "2026-03-01", "until": value})
    assert response.status_code == 400
    body = response.json()
    assert [(e["loc"], e["type"], e["msg"]) for e in body["errors"]] == [
        (["query", "until"], "date_parsing", DATE_WORDS)
    ]
    assert body["detail"] == f"Invalid request. until: {DATE_WORDS}"
    page = client.get("/audit/reads/", {"since": "2026-03-01", "until": value})
    assert page.status_code == 400 and DATE_WORDS in page.content.decode()


def test_it_handles_the_first_and_last_days_there_are(client, trail):
    """The day after 31 December 9999 cannot be written: a filter up to it has no end, not a 500."""
    client.force_login(trail.office)
    widest = {"since": "0001-01-01", "until": "9999-12-31"}
    assert client.get("/api/v1/audit/reads", widest).json()["total"] == 3
    page = client.get("/audit/reads/", widest)
    assert page.status_code == 200 and "3 reads" in page.content.decode()


@pytest.mark.parametrize("who", ["leader", "chair", "reporter", "outsider"])
def test_leaders_and_staff_cannot_see_the_trail(client, trail, who):
    client.force_login(getattr(trail, who))
    assert client.get("/audit/reads/").status_code == 403
    assert client.get("/api/v1/audit/reads").status_code == 403
    assert "Who read what" not in client.get("/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, trail):
    response = client.get("/audit/reads/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/audit/reads").status_code == 401


def test_the_api_lists_reads_with_a_total_and_filters(client, trail):
    client.force_login(trail.office)
    body = client.get("/api/v1/audit/reads", {"limit": 2}).json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert body["items"][0]["via"] == "api" and body["items"][0]["leader"] == "Dana Okafor"
    assert body["next_offset"] == 2  # paged as every list (an integrator found it missing)
    rest = client.get("/api/v1/audit/reads", {"limit": 2, "offset": body["next_offset"]}).json()
    assert [i["leader"] for i in rest["items"]] == ["Dana Okafor"] and rest["next_offset"] is None
    by_unit = client.get("/api/v1/audit/reads", {"unit_id": trail.ward_b.pk}).json()
    assert by_unit["total"] == 1 and by_unit["items"][0]["unit"] == "5 East"
    # A filter naming a unit or a person that does not exist is a 404 saying which, not a 400.
    unit = client.get("/api/v1/audit/reads", {"unit_id": 999999})
    assert (unit.status_code, unit.json()["detail"]) == (404, "No unit with that unit_id.")
    leader = client.get("/api/v1/audit/reads", {"leader_id": 2**62})
    assert (leader.status_code, leader.json()["detail"]) == (404, "No person with that leader_id.")
    # 0 is no id at all: the schema says ids start at 1, and it is a schema problem.
    zero = client.get("/api/v1/audit/reads", {"leader_id": 0})
    assert (zero.status_code, zero.json()["errors"][0]["type"]) == (400, "greater_than_equal")
    later = client.get("/api/v1/audit/reads", {"since": "2026-03-02", "until": "2026-03-01"})
    assert later.status_code == 400
    assert client.get("/api/v1/audit/reads", {"limit": 0}).status_code in (400, 422)


def test_read_records_cannot_be_added_changed_or_deleted_in_the_admin(client, trail):
    operator = make_user("operator")
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(operator)
    record = ReadRecord.objects.order_by("at").first()
    base = "/admin/concerns/readrecord/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.get(f"{base}{record.pk}/delete/").status_code == 403
    client.post(f"{base}{record.pk}/change/", {"via": "admin", "at_0": "2020-01-01", "at_1": "00:00"})
    client.post(base, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    record.refresh_from_db()
    assert record.via == "page" and ReadRecord.objects.count() == 3


def test_its_page_size_is_written_in_digits(client, trail):
    """`limit=1_0` was read as ten, as Python writes numbers; the API's numbers are digits."""
    client.force_login(trail.office)
    assert client.get("/api/v1/audit/reads", {"limit": "2"}).json()["limit"] == 2
    response = client.get("/api/v1/audit/reads", {"limit": "1_0"})
    assert response.status_code == 400
    assert [e["loc"] for e in response.json()["errors"]] == [["query", "limit"]]
