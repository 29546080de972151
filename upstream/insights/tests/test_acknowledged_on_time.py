"""The share acknowledged on time is of the concerns whose outcome is decided: one still within its
deadline is neither on time nor missed yet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.insights.models import ALL, ConcernSummary
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import UTC, concern, many

# Noon in New York on Saturday 2026-12-05: the refresh day is the 5th.
NOW = dt.datetime(2026, 12, 5, 17, tzinfo=UTC)


def cell(scope, period="2026-Q4") -> ConcernSummary:
    return ConcernSummary.objects.get(scope=scope, period=period, theme=ALL, role_group=ALL)


def responsiveness_row(page: str, unit: str) -> list[str]:
    """The cells after the unit's name: leaders, concerns, acknowledged on time, days to acknowledge..."""
    found = re.search(rf'<th scope="row">{re.escape(unit)}</th>(.*?)</tr>', page, re.S)
    assert found, f"no responsiveness row for {unit}"
    return [text.strip() for text in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)]


def api_rows(client, user) -> dict[str, dict]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}
    body = client.get("/api/v1/insights/dashboard", {"period": "2026-Q4"}, **headers).json()
    return {row["unit"]: row for row in body["responsiveness"]}


def csv_rows(client) -> dict[str, dict]:
    bundle = client.get(reverse("insights:report_csv"), {"period": "2026-Q4"}).content
    text = zipfile.ZipFile(io.BytesIO(bundle)).read("responsiveness.csv").decode()
    return {row["unit"]: row for row in csv.DictReader(io.StringIO(text))}


@override_settings(TIME_ZONE="America/New_York")
def test_it_handles_concerns_not_yet_due_as_neither_on_time_nor_missed(client, org):
    many(org.ward_a, dt.date(2026, 11, 2), 7, ack_after_days=1)  # due 11-06, acknowledged 11-04
    many(org.ward_a, dt.date(2026, 11, 2), 5)  # due 11-06, never acknowledged: missed
    many(org.ward_a, dt.date(2026, 12, 3), 2)  # due 12-07: not yet
    refresh_summaries(NOW)
    ward = cell(org.ward_a)
    assert (ward.concerns, ward.acknowledged_on_time, ward.acknowledgment_due) == (14, 7, 12)
    assert cell(org.medicine).acknowledgment_due == 12 and cell(org.ward_a, "2026").acknowledgment_due == 12

    # The dashboard, the API and the CSV files give 7 of 12 (58%), not 7 of 14 (50%).
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q4"}).content.decode()
    assert responsiveness_row(page, "4 West")[1:3] == ["14", "58%"]
    rows = api_rows(client, org.chair)
    assert rows["4 West"]["concerns"] == 14 and rows["4 West"]["acknowledgment_due"] == 12
    assert rows["4 West"]["acknowledged_on_time"] == pytest.approx(7 / 12)
    west = csv_rows(client)["4 West"]
    assert (west["concerns"], west["acknowledged_on_time"], west["acknowledgment_due"]) == (
        "14",
        "0.583",
        "12",
    )
    # A unit without concerns: no share, as before.
    assert rows["5 East"]["acknowledged_on_time"] is None and rows["5 East"]["acknowledgment_due"] == 0


@override_settings(TIME_ZONE="America/New_York")
def test_it_handles_the_deadline_day_in_the_local_time_zone(org):
    concern(org.ward_a, dt.date(2026, 12, 1))  # due 12-05: the day is not over
    concern(org.ward_a, dt.date(2026, 12, 1), ack_after_days=1)  # acknowledged before it was due
    concern(org.ward_a, dt.date(2026, 11, 30), ack_after_days=4)  # due 12-04, acknowledged 12-05
    concern(org.ward_a, dt.date(2026, 11, 30))  # due 12-04, missed
    many(org.ward_a, dt.date(2026, 12, 2), 2)  # due 12-06
    refresh_summaries(NOW)
    assert (cell(org.ward_a).acknowledged_on_time, cell(org.ward_a).acknowledgment_due) == (1, 3)
    # 03:00 UTC on the 6th is still the 5th in New York: a deadline on the 5th has not passed.
    refresh_summaries(dt.datetime(2026, 12, 6, 3, tzinfo=UTC))
    assert cell(org.ward_a).acknowledgment_due == 3
    refresh_summaries(dt.datetime(2026, 12, 6, 5, tzinfo=UTC))  # midnight in New York
    assert cell(org.ward_a).acknowledgment_due == 4


@override_settings(TIME_ZONE="America/New_York")
def test_it_handles_a_unit_with_nothing_due_yet_as_no_share(client, org):
    many(org.ward_a, dt.date(2026, 12, 3), 6)  # due 12-07
    refresh_summaries(NOW)
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q4"}).content.decode()
    assert responsiveness_row(page, "4 West")[1:3] == ["6", "–"]
    west = api_rows(client, org.chair)["4 West"]
    assert (west["concerns"], west["acknowledged_on_time"], west["acknowledgment_due"]) == (6, None, 0)
    assert csv_rows(client)["4 West"]["acknowledged_on_time"] == ""


def test_the_page_and_the_report_say_what_on_time_is_measured_against(client, org, settings, tmp_path):
    """'On time' was read against a deadline no board could see (officer's probe)."""
    from django.core.management import call_command
    from pypdf import PdfReader

    settings.UPSTREAM_ACK_BUSINESS_DAYS, settings.UPSTREAM_URGENT_ACK_HOURS = 2, 6
    many(org.ward_a, dt.date(2026, 11, 2), 5, ack_after_days=1)
    refresh_summaries(NOW)
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q4"}).content.decode()
    assert "On time: acknowledged within the deadline (2 business days; an urgent concern 6 hours)" in page
    out = tmp_path / "report.pdf"
    call_command("report", "--scope", org.medicine.code, "--period", "2026-Q4", "--out", str(out))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).split())
    assert "(2 business days; an urgent concern 6 hours), of the concerns acknowledged or past" in text


@override_settings(TIME_ZONE="America/New_York")
def test_fewer_decided_than_the_minimum_group_are_hidden_with_their_share(client, org):
    """A role group's row showed 5 concerns, 3 decided and "67% on time": 2 of 3, and 5 − 3 = 2
    written in the last few days, figures below the minimum group size (officer's probe)."""
    many(org.ward_a, dt.date(2026, 11, 2), 2, ack_after_days=1)  # on time
    many(org.ward_a, dt.date(2026, 11, 2), 1, ack_after_days=5)  # late
    many(org.ward_a, dt.date(2026, 12, 3), 2)  # due 12-07: not decided yet
    refresh_summaries(NOW)
    assert cell(org.ward_a).acknowledgment_due == 3  # stored as it is; hidden when shown
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q4"}).content.decode()
    assert responsiveness_row(page, "4 West")[1:3] == ["5", "hidden"]
    west = api_rows(client, org.chair)["4 West"]
    assert (west["concerns"], west["acknowledged_on_time"], west["acknowledgment_due"]) == (5, None, None)
    assert csv_rows(client)["4 West"]["acknowledgment_due"] == "hidden"
    assert csv_rows(client)["4 West"]["acknowledged_on_time"] == ""
