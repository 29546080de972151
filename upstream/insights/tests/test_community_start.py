"""The co-signs, thanks and peer-support series start at the scope's first activity, as the concern
series does: quarters before it were drawn as 0, which read as quiet quarters of a service nobody was
using yet (executive walk). The page, the API, the PDF and the CSV say where the series starts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from django.test import Client
from pypdf import PdfReader

from conftest import PASSWORD
from upstream.community.models import PeerRequest, Recognition
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import UTC
from upstream.surveys.tests.helpers import office_of


def thanks(org, unit, when: dt.datetime, count: int) -> None:
    for _ in range(count):
        Recognition.objects.create(
            author=org.reporter, to_team=unit, unit=unit, text="Thanks", created_at=when
        )


def signed_in(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def community(client: Client, **query) -> dict:
    return client.get("/api/v1/insights/dashboard", query).json()["community"]


def test_the_series_start_at_the_first_quarter_with_activity(org):
    office = office_of(org)
    thanks(org, org.ward_a, dt.datetime(2026, 5, 4, 9, tzinfo=UTC), 6)  # 2026-Q2: the first thanks
    thanks(org, org.ward_a, dt.datetime(2026, 8, 4, 9, tzinfo=UTC), 7)
    refresh_summaries(dt.datetime(2026, 10, 1, tzinfo=UTC))
    client = signed_in(office)

    body = community(client, period="2026-Q3", unit=org.ward_a.pk)
    assert body["quarters"] == ["2026-Q2", "2026-Q3"] and body["starts_in"] == "2026-Q2"
    assert body["recognition"] == [6, 7] and body["cosigns"] == [0, 0]

    page = client.get("/insights/", {"period": "2026-Q3", "unit": org.ward_a.pk}).content.decode()
    table = page.split('id="community-title"')[1].split("</thead>")[0]
    assert table.count('<th scope="col" class="num">') == 2
    assert "The first co-sign, thanks or peer-support request in 4 West was recorded in 2026-Q2" in page

    pdf = client.get("/insights/report.pdf", {"period": "2026-Q3", "unit": org.ward_a.pk}).content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "The first co-sign, thanks or peer-support request in 4 West was recorded in 2026-Q2" in text

    bundle = client.get("/insights/report.zip", {"period": "2026-Q3", "unit": org.ward_a.pk}).content
    rows = list(csv.reader(io.StringIO(zipfile.ZipFile(io.BytesIO(bundle)).read("community.csv").decode())))
    assert rows[0] == ["measure", "2026-Q2", "2026-Q3"]


def test_a_peer_request_starts_the_whole_system_s_series(org):
    """Peer requests count on the whole system's dashboard only, so only there do they start it."""
    office = office_of(org)
    at = dt.datetime(2025, 11, 5, 9, tzinfo=UTC)  # 2025-Q4
    for _ in range(5):
        PeerRequest.objects.create(contact="x", created_at=at)
    thanks(org, org.ward_a, dt.datetime(2026, 8, 4, 9, tzinfo=UTC), 6)
    refresh_summaries(dt.datetime(2026, 10, 1, tzinfo=UTC))
    client = signed_in(office)

    system = community(client, period="2026-Q3")
    assert system["starts_in"] == "2025-Q4" and system["quarters"][0] == "2025-Q4"
    assert len(system["quarters"]) == 4 and system["peer_requests"][0] == 5
    ward = community(client, period="2026-Q3", unit=org.ward_a.pk)
    assert ward["quarters"] == ["2026-Q3"] and ward["starts_in"] == "2026-Q3"


def test_activity_before_the_eight_quarters_keeps_all_eight_and_no_note(org):
    office = office_of(org)
    thanks(org, org.ward_a, dt.datetime(2023, 2, 6, 9, tzinfo=UTC), 6)
    thanks(org, org.ward_a, dt.datetime(2026, 8, 4, 9, tzinfo=UTC), 7)
    refresh_summaries(dt.datetime(2026, 10, 1, tzinfo=UTC))
    client = signed_in(office)
    body = community(client, period="2026-Q3", unit=org.ward_a.pk)
    assert len(body["quarters"]) == 8 and body["starts_in"] == ""
    assert body["recognition"][0] == 0  # 2024-Q4: a real zero of a service in use
    page = client.get("/insights/", {"period": "2026-Q3", "unit": org.ward_a.pk}).content.decode()
    assert 'id="community-start"' not in page


def test_a_hidden_first_quarter_still_starts_the_series_and_stays_hidden(org):
    """Two thanks are too few to show: the series starts there (a hidden cell says "some"), and the
    count is not shown (nor is the 7 after it: the year's 9 less 7 would give the 2)."""
    office = office_of(org)
    thanks(org, org.ward_a, dt.datetime(2026, 5, 4, 9, tzinfo=UTC), 2)
    thanks(org, org.ward_a, dt.datetime(2026, 8, 4, 9, tzinfo=UTC), 7)
    refresh_summaries(dt.datetime(2026, 10, 1, tzinfo=UTC))
    body = community(signed_in(office), period="2026-Q3", unit=org.ward_a.pk)
    assert body["quarters"] == ["2026-Q2", "2026-Q3"] and body["recognition"][0] is None


def test_no_activity_at_all_shows_the_eight_quarters(org):
    office = office_of(org)
    refresh_summaries(dt.datetime(2026, 10, 1, tzinfo=UTC))
    body = community(signed_in(office), period="2026-Q3")
    assert len(body["quarters"]) == 8 and body["starts_in"] == ""
