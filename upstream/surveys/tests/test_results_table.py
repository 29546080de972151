"""The results table is built from per-atom totals in a fixed number of queries, and its
suppression search runs once per exact table (issue 9: the office's page took seconds)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from upstream.org.models import Unit
from upstream.privacy import complementary
from upstream.surveys import results
from upstream.surveys.instruments import shipped_instruments
from upstream.surveys.models import SuppressionMemo
from upstream.surveys.results import _Formatter, format_rows, results_from, wave_results
from upstream.surveys.scoring import summarise, summarise_sums
from upstream.surveys.services import run_survey_day
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses


@pytest.fixture
def office(org):
    return office_of(org)


@pytest.fixture
def wave(org, office):
    return open_wave(org, office, units=[org.system])


@pytest.fixture
def searches(monkeypatch):
    """How many times the suppression search itself ran."""
    calls = []
    real = complementary.protect

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(complementary, "protect", counting)
    return calls


def add_units(org, count: int) -> list[Unit]:
    units = []
    for index in range(count):
        unit = Unit.objects.add_child(
            org.medicine, {"name": f"Ward {index}", "code": f"w{index}", "level": "unit"}
        )
        units.append(unit)
    return units


def office_page_queries(client, office, wave) -> int:
    """Queries of the office's page once its tables' suppression is stored (the usual case)."""
    client.force_login(office)
    client.get(reverse("surveys:results", args=[wave.pk]))
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("surveys:results", args=[wave.pk]))
    assert page.status_code == 200 and "Whole organisation" in page.content.decode()
    return len(queries.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_units(
    client, org, office, wave, time_machine
):
    time_machine.move_to(results_from(wave) + dt.timedelta(hours=1))
    add_responses(wave, org.ward_a, "nurse", 6)
    add_responses(wave, org.ward_b, "nurse", 6)
    few = office_page_queries(client, office, wave)
    for unit in add_units(org, 12):
        add_responses(wave, unit, "nurse", 6, division=3)
        add_responses(wave, unit, "resident", 5, division=2)
    many = office_page_queries(client, office, wave)
    assert many == few


def test_the_suppression_search_runs_once_per_exact_table(org, wave, searches):
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 3, division=5)
    when = results_from(wave) + dt.timedelta(minutes=1)
    first = wave_results(wave, [org.medicine], when)
    assert searches and SuppressionMemo.objects.exists()
    ran = len(searches)
    cache.clear()  # another process, or a restart: the database remembers it
    again = wave_results(wave, [org.medicine], when)
    assert len(searches) == ran
    assert [(r.key, r.n) for r in again.rows] == [(r.key, r.n) for r in first.rows]
    ward_a = next(r for r in again.rows if r.key == ("unit", org.ward_a.pk))
    assert ward_a.n is None  # still hidden: Medicine minus 4 West would give 5 East
    # One more answer is another table: searched afresh, never the old answer reused.
    add_responses(wave, org.ward_b, "nurse", 1, division=5)
    wave_results(wave, [org.medicine], when)
    assert len(searches) > ran


def test_the_daily_job_prepares_a_closed_wave_so_the_office_does_not_wait(
    client, org, office, wave, searches, time_machine, monkeypatch
):
    add_responses(wave, org.ward_a, "nurse", 6)
    add_responses(wave, org.ward_b, "pharmacist", 2)
    time_machine.move_to(results_from(wave) + dt.timedelta(hours=1))
    # Leaders of few units are left to their first view (quick); the office's table is prepared.
    assert run_survey_day()["results_prepared"] == 1
    # Leaders of larger scopes have theirs prepared too (here every scope counts as large).
    monkeypatch.setattr(results, "PREPARE_FROM_UNITS", 1)
    SuppressionMemo.objects.all().delete()
    cache.clear()
    # The office's table, and one for each leader's own scope (4 West, 5 East, Medicine).
    assert run_survey_day()["results_prepared"] == 4
    searches.clear()
    cache.clear()
    client.force_login(office)
    page = client.get(reverse("surveys:results", args=[wave.pk]))
    assert page.status_code == 200 and "Whole organisation" in page.content.decode()
    assert searches == []
    assert run_survey_day()["results_prepared"] == 4 and searches == []  # idempotent: read, not searched


def test_summaries_from_totals_match_those_from_every_answer():
    rng = random.Random(7)  # noqa: S311 - test data, never a secret
    score = next(s for s in shipped_instruments()["cbi-work"].scores)
    for size in (1, 2, 5, 40, 300):
        values = [rng.choice([0, 25, 50, 75, 100]) for _ in range(size)]
        crossed = sum(score.cutoff.crossed(v) for v in values)
        fast = summarise_sums(score, size, sum(values), sum(v * v for v in values), crossed)
        slow = summarise(score, values)
        assert fast.n == slow.n and fast.above_cutoff == slow.above_cutoff
        for a, b in ((fast.mean, slow.mean), (fast.low, slow.low), (fast.high, slow.high)):
            assert (a is None and b is None) or a == pytest.approx(b, abs=1e-9)


@pytest.mark.parametrize("language", ["en", "es"])
def test_numbers_read_as_the_floatformat_filter_showed_them(language):
    with translation.override(language):
        formatter = _Formatter()
        for value in (2.45, 0.05, 44.999, 12.0, 73.25, 99.95, 3.3333333):
            assert formatter.one_decimal(value) == str(floatformat(value, 1))


def test_the_table_formats_means_and_risk_once(org, wave):
    add_responses(wave, org.ward_a, "nurse", 6, division=4)
    add_responses(wave, org.ward_b, "nurse", 6, division=2)
    found = wave_results(wave, [org.system], timezone.now() + dt.timedelta(days=30))
    cell = next(c for c in format_rows(found.rows)[0].scores if c.score == "division")
    assert cell.mean_text == "3.0" and cell.at_risk_text == "50"


def test_a_waves_answers_are_read_once_while_they_stay_the_same(org, wave):
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 6, division=5)
    when = results_from(wave) + dt.timedelta(minutes=1)
    first = wave_results(wave, [org.medicine], when)
    with CaptureQueriesContext(connection) as queries:
        again = wave_results(wave, [org.medicine], when)
    assert not [q for q in queries.captured_queries if '"answers"' in q["sql"]]
    assert [(r.key, r.n) for r in again.rows] == [(r.key, r.n) for r in first.rows]
    medicine = ("unit", org.medicine.pk)
    assert next(r.n for r in again.rows if r.key == medicine) == 13
    # A release adds answers: read afresh, never the old table reused.
    add_responses(wave, org.ward_b, "nurse", 2, division=5)
    with CaptureQueriesContext(connection) as queries:
        after = wave_results(wave, [org.medicine], when)
    assert [q for q in queries.captured_queries if '"answers"' in q["sql"]]
    assert next(r.n for r in after.rows if r.key == medicine) == 15
