"""The board report as a board reads it: the same warnings whoever downloads it, a title that says
when it counts one role group, a refusal for a period it cannot report on, and a chart whose axis
counts whole concerns (or a sentence when there is nothing to draw)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.insights.report import _step
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many
from upstream.org.models import LeaderAssignment
from upstream.signals.tests.test_noting import rise

Q3 = dt.date(2026, 8, 3)
TODAY = dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC)


def _text(pdf: bytes) -> str:
    """The PDF's words with each run of spaces and line breaks as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _report(client, **query) -> tuple[str, zipfile.ZipFile]:
    pdf = client.get(reverse("insights:report"), query)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    bundle = client.get(reverse("insights:report_csv"), query)
    assert bundle.status_code == 200
    return _text(pdf.content), zipfile.ZipFile(io.BytesIO(bundle.content))


def test_a_warning_the_downloader_noted_stays_in_the_board_report(client, org):
    """The chair noted the warning in the inbox and their report said "None open." while the
    well-being officer's report for the same unit still listed it."""
    many(org.ward_a, Q3, 12, "workload_staffing")
    many(org.ward_a, dt.date(2026, 9, 10), 9, "workload_staffing")  # the rise's 9, in its window
    refresh_summaries()
    signal = rise(org.ward_a, 1e-4, observed=9)
    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    query = {"unit": org.medicine.pk, "period": "2026-Q3"}
    sentence = " ".join(signal.sentence.split())

    client.login(username="chair", password=PASSWORD)
    before, _bundle = _report(client, **query)
    assert sentence in before and "None open." not in before
    assert client.post(reverse("concerns:note_signal", args=[signal.pk])).status_code in (200, 302)
    # Noting is the chair's own: their dashboard no longer lists it ...
    page = client.get(reverse("insights:dashboard"), query).content.decode()
    assert signal.sentence not in page
    # ... and says why, instead of "None open." while the warning is open for everyone else.
    assert "None open." not in page
    assert "None that you have not noted. The warnings you noted stay open" in page
    # ... and so does the factor page the warning's theme feeds (it said "None open.").
    factor = client.get(reverse("insights:factor", args=["team"]), query).content.decode()
    assert "None open." not in factor and "None that you have not noted." in factor
    answer = client.get("/api/v1/insights/dashboard", query).json()
    assert answer["signals"] == [] and answer["signals_all_noted"] is True
    # ... but the board document does not change with it, nor its CSV files.
    after, bundle = _report(client, **query)
    assert after == before
    assert signal.sentence in bundle.read("signals.csv").decode()

    client.logout()
    client.login(username="outsider", password=PASSWORD)
    officers, _bundle = _report(client, **query)
    assert officers == after


def test_a_role_filtered_report_says_so_in_its_title_and_file_names(client, org, tmp_path):
    many(org.ward_a, Q3, 7, "workload_staffing", role="nurse")
    many(org.ward_a, Q3, 6, "admin_burden_ehr")
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    query = {"unit": org.medicine.pk, "period": "2026-Q3"}

    everyone = client.get(reverse("insights:report"), query)
    assert everyone["Content-Disposition"] == 'attachment; filename="upstream-medicine-2026-Q3.pdf"'
    text = _text(everyone.content)
    assert "Clinician well-being: Medicine, 2026-Q3 " in text and "role group" not in text

    nurses = client.get(reverse("insights:report"), {**query, "role": "nurse"})
    assert nurses["Content-Disposition"] == 'attachment; filename="upstream-medicine-2026-Q3-nurse.pdf"'
    text = _text(nurses.content)
    assert "Clinician well-being: Medicine, 2026-Q3, role group: Nurse" in text
    assert (
        "Only concerns and survey answers from the role group Nurse are counted. Early warnings, "
        "actions, co-signs, thanks and peer support are not recorded by role group, so they cover "
        "everyone." in text
    )
    assert PdfReader(io.BytesIO(nurses.content)).metadata.title == (
        "Board report: Medicine, 2026-Q3, role group: Nurse"
    )
    bundle = client.get(reverse("insights:report_csv"), {**query, "role": "nurse"})
    assert bundle["Content-Disposition"] == 'attachment; filename="upstream-medicine-2026-Q3-nurse.zip"'

    out = tmp_path / "nurses.pdf"
    call_command("report", scope="medicine", period="2026-Q3", role="nurse", out=str(out))
    assert "Clinician well-being: Medicine, 2026-Q3, role group: Nurse" in _text(out.read_bytes())
    with pytest.raises(CommandError, match="Choose one of the role groups"):
        call_command("report", scope="medicine", period="2026-Q3", role="nurses", out=str(out))


@pytest.mark.parametrize("name", ["insights:report", "insights:report_csv"])
def test_the_report_refuses_a_period_it_cannot_report_on_as_the_dashboard_does(
    client, org, name, time_machine
):
    """report.pdf?period=garbage sent this quarter's report, and 2030-Q1 an empty one."""
    time_machine.move_to(TODAY)
    client.login(username="chair", password=PASSWORD)
    for period, words in (
        ("garbage", "Choose a period from 2000 on, like 2026-Q3 (a quarter) or 2026 (a year)."),
        ("2030-Q1", "2030-Q1 has not started yet: choose 2026-Q4 or an earlier period."),
        ("2027", "2027 has not started yet: choose 2026-Q4 or an earlier period."),
    ):
        dashboard = client.get(reverse("insights:dashboard"), {"period": period})
        response = client.get(reverse(name), {"period": period})
        assert (response.status_code, dashboard.status_code) == (400, 400)
        assert response["Content-Type"].startswith("text/html") and "Content-Disposition" not in response
        assert words in response.content.decode() and words in dashboard.content.decode()
    assert client.get(reverse(name), {"period": "2026-Q4"}).status_code == 200
    with pytest.raises(CommandError, match="2030-Q1 has not started yet"):
        call_command("report", scope="medicine", period="2030-Q1", out="/dev/null")


def test_an_api_client_downloads_the_same_report_and_figures(client, org):
    """The dashboard's two buttons were the only way to the report: a script that files the board
    pack each quarter had to sign in as a browser does."""
    many(org.ward_a, Q3, 7, "workload_staffing")
    refresh_summaries()
    query = {"unit": org.medicine.pk, "period": "2026-Q3"}
    headers = auth(org.chair)
    pdf = client.get("/api/v1/insights/report", query, **headers)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="upstream-medicine-2026-Q3.pdf"'
    client.login(username="chair", password=PASSWORD)
    page_text, page_bundle = _report(client, **query)
    assert _text(pdf.content) == page_text
    bundle = client.get("/api/v1/insights/report", {**query, "format": "zip"}, **headers)
    assert bundle["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(bundle.content)).read("volume_by_theme.csv") == page_bundle.read(
        "volume_by_theme.csv"
    )
    # Refused as the dashboard's API refuses: a unit not led, a period not started, a format unknown.
    client.logout()
    assert (
        client.get("/api/v1/insights/report", {"unit": org.ward_b.pk}, **auth(org.leader)).status_code == 404
    )
    assert client.get("/api/v1/insights/report", {"period": "2030-Q1"}, **headers).status_code == 400
    assert client.get("/api/v1/insights/report", {"format": "docx"}, **headers).status_code == 400


def _chart(text: str) -> str:
    return text.split("Concerns by theme, quarter by quarter")[1].split("Top themes and how they moved")[0]


def test_the_chart_counts_whole_concerns_and_says_when_nothing_can_be_drawn(client, org):
    """Every pharmacists' figure of a small unit is hidden: the chart was an empty frame with an
    axis of 0, 0.002 ... 0.01."""
    many(org.ward_a, Q3, 2, "workload_staffing", role="pharmacist")
    many(org.ward_a, Q3, 7, "admin_burden_ehr", role="nurse")
    # Hidden beside the pharmacists' 2, so that the nurses' total (hidden with it) is not their 7.
    many(org.ward_a, Q3, 6, "workload_staffing", role="nurse")
    refresh_summaries()
    client.login(username="leader_a", password=PASSWORD)

    text, _bundle = _report(client, period="2026-Q3", role="pharmacist")
    chart = _chart(text)
    assert (
        "No chart: every figure of these quarters is hidden (too few people to stay anonymous, or "
        "hidden to protect such a figure)." in chart
    )
    assert not re.search(r"\d\.\d", chart) and "2026-Q3*" not in chart
    # Nothing hidden is given away: the top themes say "hidden", never the 2.
    top = text.split("Top themes and how they moved")[1].split("Open early warnings")[0]
    assert "Workload and staffing hidden" in top and " 2 " not in f" {top} "

    text, _bundle = _report(client, period="2026-Q3", role="nurse")
    ticks = [t for t in _chart(text).split() if re.fullmatch(r"[\d.,]+", t)]
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks)
    assert {"0", "7"} <= set(ticks) or {"0", "8"} <= set(ticks)

    text, _bundle = _report(client, period="2026-Q3", role="resident")
    assert "No chart: no concerns were raised in these quarters." in _chart(text)

    # A year: its quarters all hidden, the line says the year's own figures may still show.
    text, _bundle = _report(client, period="2026", role="pharmacist")
    assert "The year's own figures count more people, so the table below may show some." in _chart(text)
    quarter, _bundle = _report(client, period="2026-Q3", role="pharmacist")
    assert "The year's own figures" not in quarter


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (1, 1), (6, 1), (7, 2), (12, 2), (13, 5), (31, 10), (700, 200)]
)
def test_the_axis_steps_are_whole_numbers(top, step):
    assert _step(top) == step


@pytest.mark.parametrize(("country", "size"), [("US", (612, 792)), ("GB", (595, 842))])
def test_the_report_prints_on_the_paper_its_country_uses(client, org, settings, country, size):
    # A US health system's board got A4 pages.
    settings.UPSTREAM_COUNTRY = country
    many(org.ward_a, Q3, 6, "workload_staffing")
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    pdf = client.get(reverse("insights:report"), {"unit": org.medicine.pk, "period": "2026-Q3"}).content
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


def test_the_report_says_when_its_figures_were_computed(org, tmp_path):
    """Printed before the morning's refresh, a report read "no concerns were raised" of a unit whose
    concerns had come in since, and said nothing of the figures' age (the dashboard does)."""
    out = tmp_path / "report.pdf"
    call_command("report", "--scope", org.ward_a.code, "--period", "2026-Q3", "--out", str(out))
    assert "Figures have not been computed yet" in _text(out.read_bytes())
    many(org.ward_a, Q3, 6, "workload_staffing")
    refresh_summaries()
    call_command("report", "--scope", org.ward_a.code, "--period", "2026-Q3", "--out", str(out))
    text = _text(out.read_bytes())
    assert re.search(r"figures as of \d{1,2} \w{3} \d{2}:\d{2} \(refreshed daily\)", text), text[:600]


def test_the_report_gives_the_total_and_no_move_from_a_year_before_it_ran(org, tmp_path):
    """The report never said how many concerns were raised, and a year compared with the year before
    the product ran read 'Workload 43 / 0' (officer's probe)."""
    many(org.ward_a, Q3, 7, "workload_staffing")
    many(org.ward_a, dt.date(2026, 5, 4), 6, "admin_burden_ehr")
    refresh_summaries()
    out = tmp_path / "year.pdf"
    call_command("report", "--scope", org.medicine.code, "--period", "2026", "--out", str(out))
    text = _text(out.read_bytes())
    assert "All concerns 13 –" in text and "Workload and staffing 7 –" in text
    assert "No concern was recorded in 2025, the period before: there is nothing to compare with." in text
    call_command("report", "--scope", org.medicine.code, "--period", "2026-Q3", "--out", str(out))
    text = _text(out.read_bytes())
    assert "All concerns 7 6" in text and "nothing to compare with" not in text


def _run_report(out: str, csv: str = "") -> None:
    call_command("report", "--scope", "medicine", "--period", "2026-Q3", "--out", out, "--csv", csv)


def test_a_folder_that_does_not_exist_is_said_in_one_line_and_nothing_is_written(org, tmp_path):
    """`--out /nonexistent/dir/r.pdf` ended in a FileNotFoundError traceback."""
    missing = tmp_path / "nonexistent" / "dir"
    words = f"Cannot write {missing}/r.pdf: the folder {missing} does not exist."
    with pytest.raises(CommandError) as refused:
        _run_report(str(missing / "r.pdf"))
    assert str(refused.value) == words
    # A bad --csv is found before the PDF is written, not after.
    with pytest.raises(CommandError, match=f"Cannot write {missing}/f.zip: the folder"):
        _run_report(str(tmp_path / "r.pdf"), csv=str(missing / "f.zip"))
    assert not (tmp_path / "r.pdf").exists()
    with pytest.raises(CommandError, match="it is a folder; give a file name"):
        _run_report(str(tmp_path))


def test_a_folder_you_may_not_write_in_is_said_in_one_line(org, tmp_path, monkeypatch):
    from pathlib import Path

    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    real_write = Path.write_bytes

    def as_the_system_refuses(self: Path, data: bytes) -> int:
        # Root writes in any folder: refuse it here as the system refuses every other account.
        if self.parent == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", as_the_system_refuses)
    words = f"Cannot write {locked}/%s: you have no permission to write in {locked}."
    for out, csv, name in ((locked / "r.pdf", "", "r.pdf"), (tmp_path / "r.pdf", locked / "f.zip", "f.zip")):
        with pytest.raises(CommandError) as refused:
            _run_report(str(out), csv=str(csv))
        assert str(refused.value) == words % name
