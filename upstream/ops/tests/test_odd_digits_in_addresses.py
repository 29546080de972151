"""A unit id in an address that is not plain 0-9 digits is no choice, never a server error.

str.isdigit() is true of "²" and "٣", which int() or the database then refused (500), and twenty
digits overflow the id column. The inbox, the dashboard and the survey results read such ids.
"""

from __future__ import annotations

import pytest

from upstream.lib.text import row_id

ODD = ["²", "9" * 30, "0", "-1", " 1"]


def test_row_id_takes_only_plain_ids():
    assert row_id("42") == 42 and row_id(7) == 7
    assert all(row_id(value) is None for value in ODD)


@pytest.mark.parametrize("value", ODD)
def test_the_inbox_and_the_dashboard_answer_an_odd_unit(client, org, value):
    client.force_login(org.chair)
    assert client.get("/inbox/", {"unit": value}).status_code == 200
    assert client.get("/insights/", {"unit": value}).status_code in (200, 400, 404)


@pytest.mark.parametrize("value", ODD)
def test_survey_results_answer_an_odd_level_with_a_404(client, org, value):
    from upstream.surveys.tests.helpers import office_of, open_wave

    office = office_of(org)
    wave = open_wave(org, office, units=[org.system])
    client.force_login(office)
    answer = client.get(f"/surveys/results/{wave.pk}/", {"within": value})
    assert answer.status_code in (200, 404)
