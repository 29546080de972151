"""Links on a line of their own are targets at least 24 px tall on a 375 px phone (WCAG 2.2 2.5.8).

A tester on a phone measured "If you need help now" (the writing page), "All gatherings", "All
campaigns", the help line's "988 Suicide & Crisis Lifeline: 988" and "Every help line" (the speak-up
page, a survey's with-code page) and "Forgot your password?" at 19 to 21 px: an inline link is only
as tall as its letters. Links inside sentences are exempt and stay as they were.
"""

from __future__ import annotations

import gc
import os
import re

import pytest
from django.urls import reverse

from conftest import Org
from upstream.community.tests.factories import charting_campaign, crisis_line, schwartz_round
from upstream.ops.tests.browser import sign_in
from upstream.surveys.tests.helpers import office_of, open_wave

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SMALL_PHONE = {"width": 375, "height": 740}


@pytest.fixture
def live_places(transactional_db):
    org = Org()
    crisis_line()  # the office's 988 line, which the help line lists with its number
    places = {
        "gathering": schwartz_round(org, capacity=10),
        "campaign": charting_campaign(org.reporter, org.ward_a),
        "wave": open_wave(org, office_of(org), units=[org.medicine]),
    }
    gc.collect()  # see conftest's _collect_live_server_connections
    return places


def _heights(page, links) -> dict[str, float]:
    found = {}
    for link in links.all():
        name = re.sub(r"\s+", " ", link.inner_text()).strip()
        found[name] = link.bounding_box()["height"]
    return found


def test_links_on_a_line_of_their_own_are_24_px_tall(browser, live_server, live_places):
    base = live_server.url
    page = browser.new_page(viewport=SMALL_PHONE)
    measured: dict[str, float] = {}

    page.goto(base + reverse("account_login"))
    measured |= _heights(page, page.get_by_role("link", name="Forgot your password?"))
    page.goto(base + reverse("speakup:write"))
    measured |= _heights(page, page.get_by_role("link", name="If you need help now"))
    page.goto(base + reverse("surveys:surveys_answer:with_code", args=[live_places["wave"].pk]))
    survey_lines = _heights(page, page.locator(".help-line a"))
    assert any(name.startswith("988 Suicide & Crisis Lifeline") for name in survey_lines), survey_lines
    assert "Every help line" in survey_lines
    measured |= {f"{name} (survey)": height for name, height in survey_lines.items()}

    sign_in(page, base, "reporter")
    page.goto(base + reverse("speak:new"))
    speak_lines = _heights(page, page.locator(".help-line a"))
    assert any(name.startswith("988 Suicide & Crisis Lifeline") for name in speak_lines), speak_lines
    measured |= {f"{name} (speak up)": height for name, height in speak_lines.items()}
    page.goto(base + reverse("community:gathering", args=[live_places["gathering"].pk]))
    measured |= _heights(page, page.get_by_role("link", name="All gatherings"))
    page.goto(base + reverse("community:campaign", args=[live_places["campaign"].pk]))
    measured |= _heights(page, page.get_by_role("link", name="All campaigns"))

    # A leader's "back" links and the board's "Post a progress update" (walk probe, stop 38: 18-20 px).
    page.context.clear_cookies()
    sign_in(page, base, "leader_a")
    page.goto(base + reverse("actions:new"))
    measured |= _heights(page, page.get_by_role("link", name="← You said, we did"))
    page.goto(base + reverse("insights:nam"))
    measured |= _heights(page, page.get_by_role("link", name="Back to the dashboard"))

    for name in (
        "Forgot your password?",
        "If you need help now",
        "All gatherings",
        "All campaigns",
        "← You said, we did",
        "Back to the dashboard",
    ):
        assert name in measured, measured
    assert {name: height for name, height in measured.items() if height < 24} == {}, measured

    # A link inside a sentence keeps the sentence's line: the sign-in page's "Use your receipt code".
    page.context.clear_cookies()
    page.goto(base + reverse("account_login"))
    inline = page.get_by_role("link", name="Use your receipt code")
    assert inline.evaluate("(link) => getComputedStyle(link).display") == "inline"
    page.close()
