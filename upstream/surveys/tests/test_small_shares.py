"""A cut-off share is shown only for groups of at least the comment threshold.

Found by the well-being officer: "Rehabilitation: 5 people, Division 100% at risk" told everyone
that every one of the five answered that way. The minimum group size protects counts, not answers
that are all the same; so the share past the cut-off is hidden for any group of fewer than
UPSTREAM_MIN_COMMENT_GROUP_SIZE people, whatever its value (hiding only 0% and 100% would mark them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse

from upstream.surveys.results import results_from, share_shown, wave_results
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses


@pytest.fixture
def wave(org):
    wave = open_wave(org, office_of(org), units=[org.medicine])
    add_responses(wave, org.ward_a, "nurse", 5, division=5)  # five people, all "feel divided"
    add_responses(wave, org.ward_b, "nurse", 12, division=5)  # twelve, all the same too
    return wave


def after(wave):
    return time_machine.travel(results_from(wave) + dt.timedelta(hours=1))


def test_the_rule_follows_the_comment_threshold(settings):
    settings.UPSTREAM_MIN_COMMENT_GROUP_SIZE = 10
    assert not share_shown(9) and share_shown(10)
    settings.UPSTREAM_MIN_COMMENT_GROUP_SIZE = 4
    assert share_shown(5)


def test_a_group_of_five_shows_its_mean_but_no_share_and_a_group_of_twelve_shows_both(org, wave):
    with after(wave):
        found = wave_results(wave, [org.medicine])
    cells = {
        row.key: next(c for c in row.scores if c.score == "division").summary
        for row in found.rows
        if row.kind == "unit"
    }
    small, large = cells[("unit", org.ward_a.pk)], cells[("unit", org.ward_b.pk)]
    assert (small.n, small.mean) == (5, pytest.approx(5))  # means stay as they are
    assert small.share_above is None and small.above_cutoff is None
    assert (large.n, large.share_above) == (12, pytest.approx(1))


def test_the_page_says_hidden_for_the_small_group_s_share(client, org, wave):
    with after(wave):
        client.force_login(org.chair)  # inside: a sign-in two weeks before has expired
        html = client.get(reverse("surveys:results", args=[wave.pk])).content.decode()
    rows = dict(re.findall(r'<tr class="depth-\d+">\s*<th scope="row">([^<]+)(.*?)</tr>', html, re.S))
    assert "100% at risk" not in rows["4 West"]
    assert "at risk" in rows["4 West"] and "hidden" in rows["4 West"]
    assert "100% at risk" in rows["5 East"]
    assert "shown only for groups of at least 10 people" in html


def test_the_csv_writes_hidden_for_the_small_group_s_share(client, org, wave):
    with after(wave):
        client.force_login(org.chair)  # inside: a sign-in two weeks before has expired
        text = client.get(reverse("surveys:results_csv", args=[wave.pk])).content.decode()
    division = {row["row"]: row for row in csv.DictReader(io.StringIO(text)) if row["score"] == "division"}
    assert division["4 West"]["share_above_cutoff"] == "hidden"
    assert division["4 West"]["mean"] == "5.00"
    assert division["5 East"]["share_above_cutoff"] == "1.000"


def test_the_api_gives_null_for_the_small_group_s_share(client, org, wave):
    with after(wave):
        client.force_login(org.chair)  # inside: a sign-in two weeks before has expired
        body = client.get(f"/api/v1/surveys/waves/{wave.pk}/results").json()
        trend = client.get(
            "/api/v1/surveys/trends", {"instrument": "upstream-pulse", "score": "division"}
        ).json()

    def division(rows):
        return {
            r["label"]: next(s for s in r["scores"] if s["score"] == "division")
            for r in rows
            if r["kind"] == "unit"
        }

    for rows in (body["rows"], trend[0]["rows"]):
        cells = division(rows)
        assert cells["4 West"]["share_above_cutoff"] is None and cells["4 West"]["mean"] == 5
        assert cells["5 East"]["share_above_cutoff"] == 1


def test_how_people_answered_is_not_shown_for_a_group_of_five(org, wave):
    """The answers' shares for a leader's whole scope followed the minimum group size (5): 4 West's
    five read "100%" on one choice, how each of them answered (officer's probe). They follow the
    cut-off share's rule now."""
    with after(wave):
        small = wave_results(wave, [org.ward_a]).distributions
        large = wave_results(wave, [org.medicine]).distributions
    assert small == []
    assert large and all(d["n"] == 17 for d in large)


def test_the_results_say_once_that_an_untranslated_questionnaire_is_shown_in_english(client, org):
    """The CBI's questions and answers read in English on the Spanish results page with no word why;
    the answer page says it (an officer's walk)."""
    wave = open_wave(org, office_of(org), units=[org.medicine], instruments=("cbi-work", "upstream-pulse"))
    answers = {f"cbi_w{i}": 50 for i in range(1, 8)}
    add_responses(wave, org.ward_b, "nurse", 12, instrument="cbi-work", answers=answers)
    with after(wave):
        client.force_login(org.chair)
        page = client.get(reverse("surveys:results", args=[wave.pk]), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert text.count('class="hint original-language"') == 1
    assert text.index('class="hint original-language"') < text.index('lang="en">Is your work emotionally')
