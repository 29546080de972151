"""Acknowledgment deadlines count business days: weekends and public holidays do not count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from upstream.concerns import timing
from upstream.concerns.services import submit_concern


def test_it_skips_a_public_holiday(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "US"
    # Wednesday 23 Dec 2026 + 3 business days: Thu 24, (Fri 25 Christmas), Mon 28, Tue 29.
    assert timing.add_business_days(dt.date(2026, 12, 23), 3) == dt.date(2026, 12, 29)
    # Thanksgiving (Thu 26 Nov 2026) does not count either.
    assert timing.add_business_days(dt.date(2026, 11, 25), 1) == dt.date(2026, 11, 27)


def test_it_follows_the_configured_country_and_subdivision(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "GB"
    settings.UPSTREAM_HOLIDAYS_SUBDIVISION = "SCT"
    # 2 Jan 2027 is a Saturday, so Scotland's 2 January holiday is observed on Monday 4 January;
    # England has no holiday that day.
    assert not timing.is_business_day(dt.date(2027, 1, 4))
    settings.UPSTREAM_HOLIDAYS_SUBDIVISION = "ENG"
    assert timing.is_business_day(dt.date(2027, 1, 4))
    # Thanksgiving is an ordinary working day in the United Kingdom.
    assert timing.is_business_day(dt.date(2026, 11, 26))


def test_an_empty_country_counts_only_weekends(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = ""
    assert timing.add_business_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 25)


def test_an_unknown_country_fails_loudly_naming_the_setting(settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "XX"
    with pytest.raises(ImproperlyConfigured, match="UPSTREAM_HOLIDAYS_COUNTRY"):
        timing.is_business_day(dt.date(2026, 12, 1))


def test_a_concern_before_christmas_gets_its_deadline_after_the_holiday(org, settings):
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "US"
    tuesday = dt.datetime(2026, 12, 22, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text="Holiday rota left nights with one nurse.", unit=org.ward_a, now=tuesday)
    # Released Wednesday 23 Dec; three business days later skips Christmas Day: Tuesday 29 Dec.
    assert done.ack_due_on == dt.date(2026, 12, 29)


@pytest.mark.parametrize(
    ("country", "subdivision", "variable"),
    [("XX", "", "UPSTREAM_HOLIDAYS_COUNTRY"), ("US", "ZZ", "UPSTREAM_HOLIDAYS_SUBDIVISION")],
)
def test_it_handles_a_calendar_the_holidays_package_does_not_know(country, subdivision, variable):
    problem = timing.holiday_settings_problem(country, subdivision)
    assert problem is not None and problem.breaks_releases
    assert problem.variable == variable and problem.message.startswith(f"{variable} is ")
    assert "every release would fail" in problem.message


def test_it_lists_the_countrys_subdivisions_in_the_hint():
    problem = timing.holiday_settings_problem("GB", "XYZ")
    assert problem is not None and "SCT" in problem.hint and "ENG" in problem.hint


@pytest.mark.parametrize(("country", "subdivision"), [("US", ""), ("US", "NY"), ("GB", "SCT"), ("", "")])
def test_it_finds_nothing_wrong_with_a_known_calendar_or_none(country, subdivision):
    assert timing.holiday_settings_problem(country, subdivision) is None


def test_a_subdivision_without_a_country_is_a_warning_not_a_broken_release():
    problem = timing.holiday_settings_problem("", "NY")
    assert problem is not None and not problem.breaks_releases
    assert problem.variable == "UPSTREAM_HOLIDAYS_SUBDIVISION"
