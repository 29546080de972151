"""Survey results, co-signs, recognition and peer support on the dashboards: hand-computed figures,
scoping, and suppression a subtraction of siblings cannot undo."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.test import Client
from pypdf import PdfReader

from conftest import PASSWORD
from upstream.community.models import Cosign, PeerRequest, Recognition, SharedConcern
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import UTC, concern
from upstream.surveys.instruments import shipped_instruments
from upstream.surveys.models import Response
from upstream.surveys.results import results_from
from upstream.surveys.scoring import score_answers
from upstream.surveys.tests.helpers import office_of, open_wave

Q3 = dt.date(2026, 8, 3)


def answers(wave, unit, count, division, role="nurse", **more):
    pulse = shipped_instruments()["upstream-pulse"]
    given = {"up_division": division, "up_safety": 4, **more}
    Response.objects.bulk_create(
        Response(
            wave=wave,
            unit=unit,
            role_group=role,
            released_on=wave.closes_on,
            answers={"upstream-pulse": given},
            scores={"upstream-pulse": score_answers(pulse, given)},
        )
        for _ in range(count)
    )


def api(user, **query):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client.get("/api/v1/insights/dashboard", query).json()


def division(body):
    return [s for s in body["surveys"] if s["score"] == "division"]


@pytest.fixture
def office(org):
    return office_of(org)


def test_survey_results_by_hand_with_a_small_unit_and_its_complement_hidden(org, office):
    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 7, division=2)
    answers(wave, org.ward_b, 3, division=5)
    answers(wave, org.other_hospital, 6, division=4, role="physician")
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"

    medicine = division(api(office, unit=org.medicine.pk, period=period))[0]
    assert medicine["people"] == 10
    assert medicine["mean"] == pytest.approx((7 * 2 + 3 * 5) / 10)
    assert medicine["share_above_cutoff"] == pytest.approx(3 / 10)  # cut-off: 4 or more
    system = division(api(office, period=period))[0]
    assert system["people"] == 16 and system["mean"] == pytest.approx((14 + 15 + 24) / 16)
    # 5 East has 3 people: hidden, and 4 West with it, or 10 - 7 would give the 3 away.
    assert division(api(office, unit=org.ward_b.pk, period=period))[0]["people"] is None
    four_west = division(api(office, unit=org.ward_a.pk, period=period))[0]
    assert four_west["people"] is None and four_west["mean"] is None
    # By role: physicians (6, all in Northside) shown; nurses at the system = 10, shown.
    nurses = division(api(office, period=period, role="nurse"))[0]
    assert nurses["people"] == 10


def test_a_spanish_reader_gets_the_score_names_in_spanish(org, office):
    """The dashboard, its API and the board report named the pulse's scores in English in Spanish."""
    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 7, division=2, up_meaning=4)
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.login(username=office.username, password=PASSWORD)
    labels = {
        s["score"]: s["label"]
        for s in client.get("/api/v1/insights/dashboard", {"period": period}).json()["surveys"]
    }
    assert labels["division"] == "División" and labels["meaning"] == "Sentido del trabajo"
    assert {s["label"] for s in division(api(office, period=period))} == {"Division"}


def test_a_score_nobody_answered_is_not_shown_as_a_mean_of_zero(org, office):
    """Some SQLite builds read a skipped score (JSON null) as 0.0: the dashboard showed 'Connection:
    7 people, mean 0, all disconnected' for a question no one answered."""
    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 5, division=2, up_connection=5)
    answers(wave, org.ward_a, 4, division=2)  # skipped the connection question
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"
    scores = {s["score"]: s for s in api(office, period=period)["surveys"]}
    assert scores["connection"]["people"] == 5 and scores["connection"]["mean"] == pytest.approx(5)
    # Five people: fewer than the comment threshold (10), so no share (0% would say how each answered).
    assert scores["connection"]["share_above_cutoff"] is None
    assert scores["division"]["people"] == 9
    assert "meaning" not in scores and "recognition" not in scores


def test_a_unit_leader_sees_only_their_units_survey_and_community_figures(org, office):
    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 6, division=3)
    answers(wave, org.ward_b, 9, division=5)
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"
    mine = api(org.leader, period=period)
    assert mine["unit_id"] == org.ward_a.pk
    assert division(mine)[0]["people"] == 6 and division(mine)[0]["mean"] == pytest.approx(3)
    assert mine["community"]["peer_shown"] is False
    client = Client()
    client.login(username=org.leader.username, password=PASSWORD)
    assert client.get("/api/v1/insights/dashboard", {"unit": org.medicine.pk}).status_code == 404


def test_cosigns_recognition_and_peer_support_by_hand(org, office):
    shared = SharedConcern.objects.create(
        concern=concern(org.ward_a, Q3),
        scope=org.medicine,
        offered_on=Q3,
        status=SharedConcern.Status.PUBLISHED,
    )
    Cosign.objects.bulk_create(Cosign(shared=shared, branch=org.ward_a, day=Q3) for _ in range(8))
    Cosign.objects.bulk_create(Cosign(shared=shared, branch=org.ward_b, day=Q3) for _ in range(2))
    at = dt.datetime(2026, 8, 5, 9, tzinfo=UTC)
    for _ in range(6):
        Recognition.objects.create(
            author=org.reporter, to_team=org.ward_b, unit=org.ward_b, text="Thanks", created_at=at
        )
    for hours in (24, 48, 72, 96, 120):
        PeerRequest.objects.create(
            contact="x", created_at=at, first_contact_at=at + dt.timedelta(hours=hours)
        )
    PeerRequest.objects.create(contact="y", created_at=at)
    refresh_summaries(dt.datetime(2026, 9, 1, tzinfo=UTC))

    system = api(office, period="2026-Q3")["community"]
    q3 = system["quarters"].index("2026-Q3")
    assert system["cosigns"][q3] == 10 and system["recognition"][q3] == 6
    assert system["peer_requests"][q3] == 6 and system["peer_contacted"][q3] == 5
    assert system["days_to_first_contact"][q3] == pytest.approx((1 + 2 + 3 + 4 + 5) / 5)
    medicine = api(office, unit=org.medicine.pk, period="2026-Q3")["community"]
    assert medicine["shared_published"] == 1 and medicine["peer_shown"] is False
    # 5 East gave 2 co-signs: hidden, and 4 West's 8 with it (10 - 8 = 2 otherwise).
    assert api(office, unit=org.ward_b.pk, period="2026-Q3")["community"]["cosigns"][q3] is None
    assert api(office, unit=org.ward_a.pk, period="2026-Q3")["community"]["cosigns"][q3] is None
    assert medicine["cosigns"][q3] == 10
    # The CSV has the days to first contact too, as the page does (officer's probe).
    client = Client()
    client.login(username=office.username, password=PASSWORD)
    bundle = client.get("/insights/report.zip", {"period": "2026-Q3"}).content
    text = zipfile.ZipFile(io.BytesIO(bundle)).read("community.csv").decode()
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows["days_to_first_contact"][rows["measure"].index("2026-Q3")] == "3.0"
    pdf = client.get("/insights/report.pdf", {"period": "2026-Q3"}).content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Mean days to first contact" in text


def test_a_hidden_mean_time_to_first_contact_says_hidden_not_none(org, office):
    """Three requests contacted in a quarter are too few to show their mean: the dashboard and the
    PDF wrote "–", which reads as nobody contacted (an officer's walk); "–" stays for a quarter
    where nobody was."""
    at = dt.datetime(2026, 8, 5, 9, tzinfo=UTC)
    for hours in (24, 48, 72):
        PeerRequest.objects.create(
            contact="x", created_at=at, first_contact_at=at + dt.timedelta(hours=hours)
        )
    refresh_summaries(dt.datetime(2026, 9, 1, tzinfo=UTC))
    body = api(office, period="2026-Q3")["community"]
    q3 = body["quarters"].index("2026-Q3")
    assert body["days_to_first_contact"][q3] is None and body["days_to_first_contact_hidden"][q3] is True
    client = Client()
    client.login(username=office.username, password=PASSWORD)
    page = client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    row = page.split("Mean days to first contact</th>")[1].split("</tr>")[0]
    assert ">hidden<" in row
    pdf = client.get("/insights/report.pdf", {"period": "2026-Q3"}).content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Mean days to first contact hidden" in text


def test_the_dashboard_page_shows_the_new_sections_with_their_tables(org, office):
    at = dt.datetime(2026, 8, 5, 9, tzinfo=UTC)
    for _ in range(5):
        Recognition.objects.create(
            author=org.reporter, to_team=org.ward_a, unit=org.ward_a, text="Thanks", created_at=at
        )
    refresh_summaries(dt.datetime(2026, 9, 1, tzinfo=UTC))
    client = Client()
    client.login(username=office.username, password=PASSWORD)
    page = client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert "Pulse survey results and trends" in page
    assert "Co-signs, recognition and peer support" in page
    assert 'id="community-spec"' in page and "Thanks given" in page


def test_the_csv_bundle_has_the_community_figures_with_hidden_cells_marked(org, office):
    import csv
    import io
    import zipfile

    at = dt.datetime(2026, 8, 5, 9, tzinfo=UTC)
    for unit, count in ((org.ward_a, 7), (org.ward_b, 1)):
        for _ in range(count):
            Recognition.objects.create(
                author=org.reporter, to_team=unit, unit=unit, text="Thanks", created_at=at
            )
    refresh_summaries(dt.datetime(2026, 9, 1, tzinfo=UTC))
    client = Client()
    client.login(username=office.username, password=PASSWORD)
    for unit, expected in ((org.medicine, "8"), (org.ward_b, "hidden"), (org.ward_a, "hidden")):
        response = client.get("/insights/report.zip", {"period": "2026-Q3", "unit": unit.pk})
        text = zipfile.ZipFile(io.BytesIO(response.content)).read("community.csv").decode()
        rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
        assert rows["recognition"][rows["measure"].index("2026-Q3")] == expected, unit.name


def test_a_small_role_group_cannot_be_recovered_from_everyone_minus_the_others(org, office):
    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 7, division=2, role="nurse")
    answers(wave, org.ward_a, 2, division=5, role="pharmacist")
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"
    shown = {
        role: division(api(office, unit=org.ward_a.pk, period=period, role=role))
        for role in ("", "nurse", "pharmacist")
    }
    people = {role: (rows[0]["people"] if rows else 0) for role, rows in shown.items()}
    assert people["pharmacist"] is None
    # Everyone (9) minus nurses (7) would give the 2 pharmacists: one of the two is hidden too.
    assert people[""] is None or people["nurse"] is None


def test_the_board_report_has_the_survey_trend_and_the_community_counts(org, office):
    from pypdf import PdfReader

    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 8, division=4)
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"
    client = Client()
    client.login(username=office.username, password=PASSWORD)
    response = client.get("/insights/report.pdf", {"period": period, "unit": org.ward_a.pk})
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Pulse survey results and trends" in text and "Autumn pulse" in text and "4.00" in text
    # Each score says its scale: a mean of 48.8 (0 to 100) sat beside 2.99 (1 to 5) with no word.
    assert "Division (scale 1 to 5; higher is worse)" in " ".join(text.split())
    page = client.get("/insights/", {"period": period, "unit": org.ward_a.pk}).content.decode()
    assert 'Division <span class="hint">(scale 1 to 5; higher is worse)</span>' in page
    assert "Co-signs, recognition and peer support" in text


def test_the_share_past_the_cut_off_says_what_it_counts(org, office, tmp_path):
    """'Connection 33%' under 'Crossed the cut-off' read as 33% connected; it counts the
    disconnected (officer's probe). The page and the PDF name what the cut-off means."""
    from django.core.management import call_command
    from django.urls import reverse

    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    # Twelve: at least the comment threshold, below which no share is shown (the test after this).
    answers(wave, org.ward_a, 12, division=2, up_connection=1)
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"
    client = Client()
    client.login(username=office.username, password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": period}).content.decode()
    assert '100% <span class="hint">disconnected (disagree or strongly disagree)</span>' in page
    out = tmp_path / "report.pdf"
    call_command("report", "--scope", org.system.code, "--period", period, "--out", str(out))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).split())
    # A narrow cell wraps, and the extracted text splits words there: compared without spaces.
    assert "100%disconnected(disagreeorstronglydisagree)" in text.replace(" ", "")


def test_a_small_group_s_share_is_hidden_on_the_dashboard_its_api_and_the_report(org, office, tmp_path):
    """Seven people who all answered alike: '100% disconnected' told everyone how each of them
    answered. Below the comment threshold the share is hidden whatever it is; the mean stays."""
    from django.core.management import call_command
    from django.urls import reverse

    wave = open_wave(org, office, units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 7, division=2, up_connection=1)
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    period = f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"
    scores = {s["score"]: s for s in api(office, period=period)["surveys"]}
    assert scores["connection"]["people"] == 7 and scores["connection"]["mean"] == pytest.approx(1)
    assert scores["connection"]["share_above_cutoff"] is None
    client = Client()
    client.login(username=office.username, password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": period}).content.decode()
    assert "100%" not in page and "0% <span" not in page
    out = tmp_path / "report.pdf"
    call_command("report", "--scope", org.system.code, "--period", period, "--out", str(out))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).split())
    assert "100%" not in text and "disconnected(disagree" not in text.replace(" ", "")
