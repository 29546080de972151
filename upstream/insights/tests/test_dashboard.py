"""Dashboards, the NAM view and the board report as a leader would use them."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many
from upstream.org.models import LeaderAssignment

Q3 = dt.date(2026, 8, 3)


@pytest.fixture
def figures(org):
    many(org.ward_a, Q3, 7, "workload_staffing", ack_after_days=1)
    many(org.ward_a, Q3, 5, "admin_burden_ehr", ack_after_days=4)
    many(org.ward_b, Q3, 6, "workload_staffing")
    refresh_summaries()


def test_the_dashboard_shows_hand_computed_figures_with_filters_in_the_url(client, org, figures):
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert "Medicine, 2026-Q3" in page
    # Which figures are the morning's and which are live: a published action counted at once beside
    # the morning's concerns read as a contradiction.
    # Shared concerns and campaigns are live too: a leader who shared one saw the count move under
    # "refreshed daily".
    assert "peer-support figures as of" in page
    assert "actions, early warnings, shared concerns and campaigns as of now." in page
    # The NAM pages read the same morning figures and said nothing of when (leader walk).
    for name, args in (("insights:nam", []), ("insights:factor", ["team"])):
        other = client.get(reverse(name, args=args), {"period": "2026-Q3"}).content.decode()
        assert "(refreshed daily)" in other, name
    # 4 West: 12 concerns, 7 of them acknowledged within the 3-day deadline (58%).
    assert "4 West" in page and ">12<" in page and "58%" in page
    assert 'name="period"' in page and 'value="2026-Q3" selected' in page
    # Every chart has its data table and its spec; the vega files come from Upstream itself.
    # Volume, heatmap and community (no survey results in this period: that chart is left out).
    assert page.count('class="chart"') == 3 and page.count("<table>") >= 4
    assert "/static/insights/vendor/vega.min.js" in page and "cdn" not in page.lower()
    # A unit's row opens that unit's dashboard with one unit in the address, not the current one too.
    assert f'href="?period=2026-Q3&amp;unit={org.ward_a.pk}"' in page
    # One role group: the heading says so, as the board report's title does (only the menu did).
    nurses = client.get(reverse("insights:dashboard"), {"period": "2026-Q3", "role": "nurse"})
    nurses = nurses.content.decode()
    assert "<h1>Medicine, 2026-Q3, role group: Nurse</h1>" in nurses
    # ... and that warnings and actions still cover everyone, as the report says (officer's probe).
    assert "co-signs, thanks and peer support are not recorded by role group" in nurses
    assert "the role groups add up to fewer than everyone" in nurses and 'id="role-note"' not in page
    assert "<h1>Medicine, 2026-Q3</h1>" in page


def test_the_api_gives_the_same_figures(client, org, figures):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.chair)}"}
    body = client.get("/api/v1/insights/dashboard", {"period": "2026-Q3"}, **headers).json()
    assert body["unit"] == "Medicine" and body["totals"][-1] == 18
    rows = {row["unit"]: row for row in body["responsiveness"]}
    assert rows["4 West"]["concerns"] == 12
    assert rows["4 West"]["acknowledged_on_time"] == pytest.approx(7 / 12)
    assert rows["4 West"]["days_to_acknowledge"] == pytest.approx((7 * 1 + 5 * 4) / 12)
    assert rows["5 East"]["acknowledged_on_time"] == 0


def test_a_leader_sees_only_their_subtree(client, org, figures):
    client.login(username="leader_a", password=PASSWORD)
    # Another ward, the department above, or no unit at all: the leader's own view instead, status
    # 400, saying why (it was a bare "We could not find that page"); nothing of the other unit.
    for unit in (org.ward_b.pk, org.medicine.pk, "abc"):
        refused = client.get(reverse("insights:dashboard"), {"unit": unit})
        page = refused.content.decode()
        assert refused.status_code == 400 and "That unit is not one you lead" in page
        assert "5 East" not in page and "4 West" in page
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert "4 West, 2026-Q3" in page and "5 East" not in page
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    response = client.get("/api/v1/insights/dashboard", {"unit": org.ward_b.pk}, **headers)
    assert (response.status_code, response.json()["detail"]) == (404, "Choose a unit you lead.")


def test_staff_who_lead_nothing_have_no_dashboard(client, org):
    client.login(username="reporter", password=PASSWORD)
    assert client.get(reverse("insights:dashboard")).status_code == 404


@pytest.mark.parametrize("query", [{"period": "2026-Q9"}, {"period": "x" * 40}, {"role": "astronaut"}])
def test_bad_filters_get_a_clear_400(client, org, query):
    client.login(username="chair", password=PASSWORD)
    assert client.get(reverse("insights:dashboard"), query).status_code == 400
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.chair)}"}
    assert client.get("/api/v1/insights/dashboard", query, **headers).status_code in (400, 422)


def test_every_bad_filter_is_named_and_the_good_ones_are_kept(client, org):
    """The address "?period=zzz&unit=-1" said only that the unit was not the leader's, and dropped the period
    without a word; "?period=2026-Q3&role=x" lost the quarter along with the role (a walk)."""
    client.login(username="chair", password=PASSWORD)
    response = client.get(reverse("insights:dashboard"), {"period": "zzz", "unit": "-1", "role": "astronaut"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "That unit is not one you lead, or below one." in page
    assert "Choose a period from 2000 on, like 2026-Q3 (a quarter) or 2026 (a year)." in page
    assert "Choose one of the role groups, or none for everyone." in page
    kept = client.get(reverse("insights:dashboard"), {"period": "2026-Q3", "role": "astronaut"})
    assert kept.status_code == 400 and "Medicine, 2026-Q3" in kept.content.decode()
    assert "Choose a period from" not in kept.content.decode()


def test_a_period_typed_in_lower_case_or_with_spaces_is_read(client, org):
    """ "2025-q3" and " 2025-Q3" in the address were refused as not a period (an officer's walk)."""
    client.login(username="chair", password=PASSWORD)
    for typed in ("2025-q3", " 2025-Q3 "):
        response = client.get(reverse("insights:dashboard"), {"period": typed})
        assert response.status_code == 200, typed
        assert "Medicine, 2025-Q3" in response.content.decode()


def test_the_nam_view_colours_factors_and_opens_what_is_behind_them(client, org, figures):
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:nam"), {"period": "2026-Q3"}).content.decode()
    assert "External factors" in page and "Skills and abilities" in page
    # Workload maps to "the health-care team": 13 of 18 concerns.
    assert (
        "The health-care team" in page and "13 concerns · 72% of all concerns" in page and "level-4" in page
    )
    factor = client.get(reverse("insights:factor", args=["team"]), {"period": "2026-Q3"}).content.decode()
    assert "theme=workload_staffing" in factor
    assert client.get(reverse("insights:factor", args=["nonsense"])).status_code == 404
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.chair)}"}
    groups = client.get("/api/v1/insights/nam", {"period": "2026-Q3"}, **headers).json()
    team = next(f for g in groups for f in g["factors"] if f["key"] == "team")
    assert team["concerns"] == 13


def test_the_nam_view_says_hidden_not_a_few_when_a_factors_figures_are_hidden(client, org, figures):
    """A hidden figure can be large (13 here): the factor read "a few (hidden)"."""
    many(org.ward_a, dt.date(2026, 5, 4), 2, "workload_staffing")  # hides Q2, and Q3's 13 with it
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:nam"), {"period": "2026-Q3"}).content.decode()
    team = page.split("The health-care team")[1].split("</li>")[0]
    assert "hidden" in team and "a few" not in team and "13" not in team


def test_the_nam_view_explains_at_least_and_shares_over_a_hundred_percent(client, org, figures):
    """ "at least 13 concerns · 72%" with shares adding up to well over 100%, and neither explained."""
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:nam"), {"period": "2026-Q3"}).content.decode()
    assert "so the shares add up to more than 100%" in page and "means some of a factor" not in page
    many(org.ward_a, Q3, 2, "respect_safety")  # hidden: "the team" counts at least the shown 13
    refresh_summaries()
    page = client.get(reverse("insights:nam"), {"period": "2026-Q3"}).content.decode()
    assert "at least 13 concerns" in page and "means some of a factor" in page


def test_the_board_report_renders_pages_and_charts(client, org, figures, tmp_path):
    client.login(username="chair", password=PASSWORD)
    response = client.get(reverse("insights:report"), {"period": "2026-Q3"})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Medicine, 2026-Q3" in text and "Responsiveness" in text and "4 West" in text
    assert "Some figures are hidden" not in text  # nothing hidden in Medicine's chart: no star, no note
    assert b"re" in reader.pages[0].get_contents().get_data()  # bars are drawn rectangles
    bundle = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("insights:report_csv"), {"period": "2026-Q3"}).content)
    )
    assert {"volume_by_theme.csv", "responsiveness.csv", "units_by_theme.csv"} <= set(bundle.namelist())
    volume = bundle.read("volume_by_theme.csv").decode().splitlines()
    assert volume[0].startswith("theme,theme_name,")
    assert any(line.startswith("workload_staffing,Workload and staffing,") for line in volume)
    out = tmp_path / "report.pdf"
    call_command(
        "report", scope=org.medicine.code, period="2026-Q3", out=str(out), csv=str(tmp_path / "f.zip")
    )
    assert len(PdfReader(out).pages) >= 2 and (tmp_path / "f.zip").exists()


def test_the_board_report_in_spanish_writes_hidden_cells_and_decimals_as_the_dashboard_does(
    client, org, figures
):
    client.login(username="chair", password=PASSWORD)
    client.cookies["django_language"] = "es"

    def report() -> tuple[str, zipfile.ZipFile]:
        pdf = client.get(reverse("insights:report"), {"period": "2026-Q3"}).content
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        csv_files = client.get(reverse("insights:report_csv"), {"period": "2026-Q3"}).content
        return text, zipfile.ZipFile(io.BytesIO(csv_files))

    text, bundle = report()
    # 4 West acknowledged 7 concerns after 1 day and 5 after 4: 2.25 days, half up as on the page.
    assert "Capacidad de respuesta" in text and "2,3" in text and "2.2" not in text
    # The CSV files are for machines: the dot, and "hidden", in every language.
    assert "4 West,12,0.583,2.25," in bundle.read("responsiveness.csv").decode()
    many(org.ward_a, dt.date(2026, 5, 4), 2, "workload_staffing")  # 2 the quarter before: hidden
    refresh_summaries()
    text, bundle = report()
    assert "4 West\noculto\n" in text and "hidden" not in text
    assert ",hidden" in bundle.read("volume_by_theme.csv").decode()


def test_the_board_report_stars_a_quarter_with_a_hidden_figure_and_ranks_no_unclear_theme(
    client, org, figures
):
    """A hidden figure was drawn as zero in the chart (a board reads a bar as the count), and
    "Theme unclear" could head the top themes."""
    many(org.ward_a, dt.date(2026, 5, 4), 2, "workload_staffing")  # 2 the quarter before: hidden
    many(org.ward_a, Q3, 20, None)  # more concerns without a clear theme than any theme has
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    pdf = client.get(reverse("insights:report"), {"period": "2026-Q3"}).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Workload's 2 in Q2 are hidden, and its 13 in Q3 with them (the year's 15 would give the 2 away).
    assert "2026-Q2*" in text and "2026-Q3*" in text and "2026-Q1*" not in text
    assert "Some figures are hidden in this quarter" in text
    ranked = text.split("Top themes and how they moved")[1].split("Open early warnings")[0]
    assert "Theme unclear" not in ranked
    assert ranked.index("Documentation and EHR burden\n5") < ranked.index("Workload")  # hidden: last


def test_the_well_being_office_sees_the_whole_system(client, org, figures):
    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    client.login(username="outsider", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert "Riverbend Health, 2026-Q3" in page and "Riverbend General" in page and "Northside" in page


def test_a_quarter_whose_every_theme_is_hidden_points_to_the_year(client, org):
    """A unit's quarter read "hidden" in every row and told its manager nothing (officer's probe)."""
    many(org.ward_a, Q3, 3, "workload_staffing")
    many(org.ward_a, dt.date(2026, 5, 4), 4, "workload_staffing")
    refresh_summaries()
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert "Every theme of 2026-Q3 is hidden here" in page
    assert f'href="?unit={org.ward_a.pk}&amp;period=2026">2026</a>' in page
    # And the concerns themselves are in her inbox (a new-user walk: the page told her nothing).
    assert 'each of these concerns is in <a href="/inbox/">your inbox</a>' in page
    year = client.get(reverse("insights:dashboard"), {"period": "2026"}).content.decode()
    assert "Every theme of" not in year and ">7<" in year


def test_the_period_menu_reaches_today_from_an_old_period(client, org, figures):
    """Opened on 2025-Q1, the menu ran from 2025-Q1 back to 2022-Q2: this quarter and this year
    could not be chosen without editing the address (executive's probe)."""
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2025-Q1"}).content.decode()
    menu = page.split('name="period"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="([^"]+)"', menu)
    today = timezone.localdate()
    this_quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    assert offered[0] == this_quarter and str(today.year) in offered
    assert 'value="2025-Q1" selected' in menu and f">Year {today.year}<" in menu
    assert len(offered) == len(set(offered))
    # An older one than the menu holds stays chosen, in its place among the quarters.
    old = client.get(reverse("insights:dashboard"), {"period": "2019-Q2"}).content.decode()
    assert 'value="2019-Q2" selected' in old.split('name="period"')[1].split("</select>")[0]


def test_a_year_as_hidden_as_its_quarter_is_not_offered(client, org):
    """Offered whatever the year held, the link led an executive from one page of "hidden" cells to
    another (executive's probe): 3 concerns in the quarter and none elsewhere in the year."""
    many(org.ward_a, Q3, 3, "workload_staffing")
    refresh_summaries()
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert ">hidden<" in page and "Every theme of" not in page and 'id="try-year"' not in page
    assert 'id="in-the-inbox"' in page  # no year to offer, but the inbox still holds them


def test_the_dashboard_s_actions_open_their_pages_and_the_board(client, org):
    """The counts led nowhere: the titles were not links and the section had no way to the board
    (executive's probe). A leader's board no longer says it covers only "the units you belong to"."""
    from upstream.actions import services as actions

    action = actions.create_action(
        org.chair, title="Break cover on nights", description="A float nurse covers breaks.", scope=org.ward_a
    )
    actions.publish_action(action)
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard")).content.decode()
    said = page.split('id="actions-title"')[1].split("</section>")[0]
    assert f'<a href="{reverse("actions:detail", args=[action.pk])}">Break cover on nights</a>' in said
    assert f'href="{reverse("actions:board")}"' in said
    board = client.get(reverse("actions:board")).content.decode()
    assert "in the units you lead and everything below them" in board
    client.login(username="reporter", password=PASSWORD)
    assert "in the units you lead" not in client.get(reverse("actions:board")).content.decode()


def test_every_table_has_its_own_caption(client, org):
    """At phone width each wide table scrolls in a region named by its caption; the responsiveness
    table had none, so its region took the section's name: two regions called "Responsiveness",
    one inside the other (axe landmark-unique)."""
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert page.count("<table") == page.count("<caption")
    assert "Responsiveness by unit, 2026-Q3" in page
