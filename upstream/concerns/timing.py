"""When concerns reach leaders and when answers are due.

Concerns are released in batches at fixed times (daily; hourly for urgent ones) so the moment a
concern appears in an inbox cannot be matched to who was on shift or signed in. Everything
received on a day is released together the next morning, so the release time tells nothing the
coarsened received day does not.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from upstream.intake import schedule as intake_schedule


def received_day(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def release_time(now: dt.datetime, *, urgent: bool) -> dt.datetime:
    return intake_schedule.release_time(now, urgent=urgent)


@dataclass(frozen=True)
class HolidayProblem:
    """What is wrong with the holiday settings, for `upstream check` (upstream/ops/checks.py)."""

    variable: str
    message: str
    hint: str
    breaks_releases: bool = True


def holiday_settings_problem(country: str, subdivision: str) -> HolidayProblem | None:
    """Whether the `holidays` package knows UPSTREAM_HOLIDAYS_COUNTRY and UPSTREAM_HOLIDAYS_SUBDIVISION.

    A calendar it does not know makes every deadline, hence every release, fail; a start-up check
    (and /healthz) says so before the first release does. Cheap: no year of holidays is computed.
    """
    if not country:
        if subdivision:
            return HolidayProblem(
                "UPSTREAM_HOLIDAYS_SUBDIVISION",
                f"UPSTREAM_HOLIDAYS_SUBDIVISION is {subdivision!r} but UPSTREAM_HOLIDAYS_COUNTRY is empty, "
                "so no public holiday is counted.",
                "Set UPSTREAM_HOLIDAYS_COUNTRY to the subdivision's country, or leave both empty.",
                breaks_releases=False,
            )
        return None
    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        return HolidayProblem(
            "UPSTREAM_HOLIDAYS_COUNTRY",
            f"UPSTREAM_HOLIDAYS_COUNTRY is {country!r}, a country the holidays package does not know: "
            "every release would fail while computing deadlines.",
            "Use an ISO 3166 country code such as US, GB, CA or DE; leave it empty to count weekends only.",
        )
    if not subdivision:
        return None
    try:
        holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        known = holidays.list_supported_countries(include_aliases=True).get(country, [])
        hint = (
            f"Use one of {', '.join(known)} (as written), or leave it empty."
            if known
            else f"Leave it empty: the holidays package has no subdivisions for {country}."
        )
        return HolidayProblem(
            "UPSTREAM_HOLIDAYS_SUBDIVISION",
            f"UPSTREAM_HOLIDAYS_SUBDIVISION is {subdivision!r}, which the holidays package does not know "
            f"for {country}: every release would fail while computing deadlines.",
            hint,
        )
    return None


@functools.lru_cache(maxsize=32)
def _holidays(country: str, subdivision: str, year: int) -> frozenset[dt.date]:
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError as error:
        raise ImproperlyConfigured(
            f"UPSTREAM_HOLIDAYS_COUNTRY / UPSTREAM_HOLIDAYS_SUBDIVISION: {error}"
        ) from None
    return frozenset(calendar)


def is_business_day(day: dt.date) -> bool:
    """Monday to Friday, and not a public holiday where the organisation works
    (UPSTREAM_HOLIDAYS_COUNTRY and UPSTREAM_HOLIDAYS_SUBDIVISION, through the `holidays` package)."""
    if day.weekday() >= 5:
        return False
    country = settings.UPSTREAM_HOLIDAYS_COUNTRY
    if not country:
        return True
    return day not in _holidays(country, settings.UPSTREAM_HOLIDAYS_SUBDIVISION, day.year)


def add_business_days(day: dt.date, days: int) -> dt.date:
    """The business day `days` business days after `day` (weekends and public holidays skipped)."""
    current = day
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def acknowledgment_due(released: dt.datetime, *, urgent: bool = False) -> dt.datetime:
    """The moment a leader must have acknowledged: hours after release for an urgent concern,
    otherwise the end of the business day UPSTREAM_ACK_BUSINESS_DAYS after release."""
    if urgent:
        return released + dt.timedelta(hours=settings.UPSTREAM_URGENT_ACK_HOURS)
    day = add_business_days(timezone.localtime(released).date(), settings.UPSTREAM_ACK_BUSINESS_DAYS)
    return end_of_day(day)


def end_of_day(day: dt.date) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def retention_end(received: dt.date) -> dt.date:
    return received + dt.timedelta(days=settings.UPSTREAM_RETENTION_DAYS)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()
