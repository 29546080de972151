"""The NAM view when the period's total is hidden: a factor's share of it is hidden too."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many

Q3 = dt.date(2026, 8, 3)


def _factor(page: str, name: str) -> str:
    return page.split(f">{name}")[1].split("</li>")[0]


def test_a_factor_beside_a_hidden_total_says_its_share_is_hidden_and_is_coloured_by_its_count(client, org):
    """Medicine's 2026-Q3 total (18) is hidden so that 2026-Q2's 2 cannot be worked out from the
    year's 20; documentation's 5 are shown. The factor read "5 concerns · 0% of all concerns" and
    was coloured as if nothing had been raised."""
    many(org.ward_a, Q3, 7, "workload_staffing")
    many(org.ward_a, Q3, 5, "admin_burden_ehr")
    many(org.ward_b, Q3, 6, "workload_staffing")
    many(org.ward_a, dt.date(2026, 5, 4), 2, "workload_staffing")
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:nam"), {"period": "2026-Q3"}).content.decode()

    bureaucracy = _factor(page, "Level of bureaucracy")
    assert "5 concerns · share of all concerns: hidden" in bureaucracy and "%" not in bureaucracy
    link = page.split(">Level of bureaucracy")[0].rsplit("<a ", 1)[1]
    assert 'class="level-1"' in link
    assert "The period's total is hidden, so each factor's share of it is too" in page
    # Nothing hidden shows: not the total (18), nor the team's 13.
    team = _factor(page, "The health-care team")
    assert "hidden" in team and "13" not in team
    factors = page.split('<div class="nam">')[1].split("</div>")[0]
    assert not re.search(r"\b18\b", re.sub(r"<[^>]*>", " ", factors))

    groups = client.get("/api/v1/insights/nam", {"period": "2026-Q3"}, **auth(org.chair)).json()
    factors = {f["key"]: f for g in groups for f in g["factors"]}
    assert (factors["bureaucracy"]["concerns"], factors["bureaucracy"]["share"]) == (5, None)
    assert factors["bureaucracy"]["level"] == 1
    assert factors["team"]["share"] is None and factors["team"]["concerns"] is None  # hidden, not none


def test_a_shown_total_still_gives_the_share(client, org):
    many(org.ward_a, Q3, 7, "workload_staffing")
    many(org.ward_a, Q3, 5, "admin_burden_ehr")
    refresh_summaries()
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("insights:nam"), {"period": "2026-Q3"}).content.decode()
    assert "5 concerns · 42% of all concerns" in _factor(page, "Level of bureaucracy")
    assert "The period's total is hidden" not in page
    groups = client.get("/api/v1/insights/nam", {"period": "2026-Q3"}, **auth(org.leader)).json()
    bureaucracy = next(f for g in groups for f in g["factors"] if f["key"] == "bureaucracy")
    assert bureaucracy["share"] == 5 / 12 and bureaucracy["level"] == 4


def test_a_factor_opens_in_the_api_as_on_its_page(client, org):
    """The factor's page lists its themes quarter by quarter, its open warnings and the actions that
    answered it; the API had only the overview (fuzz probe, parity)."""
    from upstream.actions.services import create_action, publish_action

    concerns = many(org.ward_a, Q3, 7, "workload_staffing")
    many(org.ward_b, Q3, 6, "workload_staffing")
    refresh_summaries()
    action = create_action(
        org.leader,
        title="A float nurse on every night shift",
        description="From October, nights have a float nurse.",
        scope=org.ward_a,
        concern_ids=[str(concerns[0].pk)],
    )
    publish_action(action, leader=org.leader)
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:factor", args=["team"]), {"period": "2026-Q3"}).content.decode()
    answer = client.get("/api/v1/insights/nam/team", {"period": "2026-Q3"}, **auth(org.chair))
    assert answer.status_code == 200
    body = answer.json()
    assert body["name"] in page and body["group"] == "external"
    workload = next(t for t in body["themes"] if t["theme"] == "workload_staffing")
    assert workload["values"][body["quarters"].index("2026-Q3")] == 13 and ">13<" in page
    assert [a["title"] for a in body["actions"]] == ["A float nurse on every night shift"]
    assert "A float nurse on every night shift" in page
    missing = client.get("/api/v1/insights/nam/nonsense", **auth(org.chair))
    assert missing.status_code == 404 and missing.json()["detail"] == "No such factor."


def test_a_factor_whose_every_figure_is_hidden_is_null_in_the_api_and_hatched_on_the_page(client, org):
    """It read `concerns: 0, share: 0.0, level: 0` beside factors with none raised, and the page
    coloured it the grey of "none raised" (officer's probe)."""
    many(org.ward_a, Q3, 7, "workload_staffing")
    many(org.ward_a, Q3, 6, "admin_burden_ehr")
    many(org.ward_a, Q3, 2, "isolation_disconnection")  # hidden: "Inclusion and connectivity" has only it
    refresh_summaries()
    body = client.get("/api/v1/insights/nam", {"period": "2026-Q3"}, **auth(org.chair)).json()
    factors = {f["key"]: f for g in body for f in g["factors"]}
    assert (factors["connectivity"]["concerns"], factors["connectivity"]["share"]) == (None, None)
    assert factors["connectivity"]["partly_hidden"] is True
    assert factors["family_finance"]["concerns"] == 0  # none raised stays 0
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:nam"), {"period": "2026-Q3"}).content.decode()
    link = page.split(">Inclusion and connectivity")[0].rsplit("<a ", 1)[1]
    assert 'class="level-hidden"' in link


def test_an_action_deep_in_the_scope_is_named_with_the_part_it_is_in(client, org):
    """'Medicine' alone was one of three departments of that name on a system report (officer's probe)."""
    from upstream.actions.services import create_action, publish_action
    from upstream.org.models import LeaderAssignment

    concerns = many(org.ward_a, Q3, 7, "workload_staffing")
    refresh_summaries()
    action = create_action(
        org.leader,
        title="A float nurse on every night shift",
        description="From October, nights have a float nurse.",
        scope=org.ward_a,
        concern_ids=[str(concerns[0].pk)],
    )
    publish_action(action, leader=org.leader)
    LeaderAssignment.objects.create(user=org.outsider, unit=org.system, title="Well-being officer")
    system = client.get("/api/v1/insights/nam/team", {"period": "2026-Q3"}, **auth(org.outsider)).json()
    assert [a["scope"] for a in system["actions"]] == ["4 West, Riverbend General"]
    medicine = client.get("/api/v1/insights/nam/team", {"period": "2026-Q3"}, **auth(org.chair)).json()
    assert [a["scope"] for a in medicine["actions"]] == ["4 West"]  # a child of the scope: no more
    client.login(username="outsider", password=PASSWORD)
    page = client.get(reverse("insights:factor", args=["team"]), {"period": "2026-Q3"}).content.decode()
    assert "4 West, Riverbend General · 0%" in page


def test_an_action_of_a_child_of_the_scope_is_named_once(org):
    """The hospital's own action read "Riverbend General, Riverbend General" on the system's report
    whenever another action sat deeper under the hospital (re-walk)."""
    from upstream.actions.models import Action
    from upstream.insights.dashboard import placed

    def action(scope) -> Action:  # type: ignore[no-untyped-def]
        return Action(title="t", description="d", scope=scope)

    deep, own = placed([action(org.ward_a), action(org.hospital)], org.system)
    assert (deep.place, own.place) == ("4 West, Riverbend General", "Riverbend General")


def test_a_factors_inbox_link_opens_the_themes_concerns_and_says_it_is_not_only_the_quarters(client, org):
    """The link reads 'In the inbox' beside a quarter-by-quarter table; the inbox has no date or
    role filter, so the page says what the link opens (every date) and the link opens the theme's
    concerns in the scope, a concern from before the quarters shown included."""
    many(org.ward_a, Q3, 6, "workload_staffing")
    old = many(org.ward_a, dt.date(2023, 2, 1), 1, "workload_staffing")[0]
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:factor", args=["team"]), {"period": "2026-Q3"}).content.decode()
    assert "of every date and role group, not only the quarters counted here" in page
    link = re.search(r'href="(/[^"]*theme=workload_staffing[^"]*)">In the inbox<', page).group(1)
    inbox = client.get(link.replace("&amp;", "&"))
    assert inbox.status_code == 200
    assert reverse("concerns:detail", args=[old.pk]) in inbox.content.decode()
