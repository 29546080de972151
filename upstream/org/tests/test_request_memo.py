"""Who leads what is asked once per request, and a change made in a request is seen in it."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD
from upstream.lib.request_memo import RequestMemoMiddleware
from upstream.org.access import covered_leaders, led_units
from upstream.org.models import LeaderAssignment
from upstream.org.services import set_deputy


def _queries_of_leadership(queries) -> int:
    return sum(1 for q in queries if "org_leaderassignment" in q["sql"] and "org_deputy" not in q["sql"])


def test_the_inbox_asks_once_which_units_its_leader_leads(org):
    client = Client()
    client.login(username=org.chair.username, password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/inbox/").status_code == 200
    assert _queries_of_leadership(queries.captured_queries) == 1


def test_outside_a_request_nothing_is_remembered(org):
    assert [u.pk for u in led_units(org.reporter)] == []
    LeaderAssignment.objects.create(user=org.reporter, unit=org.ward_b, title="Charge nurse")
    assert [u.pk for u in led_units(org.reporter)] == [org.ward_b.pk]


def test_a_deputy_named_during_a_request_is_seen_in_the_same_request(org):
    today = timezone.localdate()
    seen = {}

    def view(request):
        seen["before"] = covered_leaders(org.reporter)
        set_deputy(org.chair, org.reporter, today, today + dt.timedelta(days=3), today=today)
        seen["after"] = [p.leader_id for p in covered_leaders(org.reporter)]
        seen["units"] = [u.pk for u in led_units(org.reporter)]
        return None

    RequestMemoMiddleware(view)(object())
    assert seen["before"] == [] and seen["after"] == [org.chair.pk]
    assert seen["units"] == [org.medicine.pk]
