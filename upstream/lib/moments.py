"""Moments in emails: the day, the time and the time zone they are in.

An email is read wherever its reader is, on a phone set to any zone, and later than it was sent:
"acknowledge by 2026-12-04 17:00" and "Friday 4 December, 14:30" did not say whose 17:00 (an email
walk). Every moment an email names is in the site's time zone (TIME_ZONE, UPSTREAM_TIME_ZONE),
followed by that zone's abbreviation ("EST", "CET"), in the shape of the email's language.
A deadline that is a whole day ("acknowledge by Thursday") ends at that day's last minute there.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def email_moment(value: dt.datetime) -> str:
    """ "Friday 4 December, 14:30 EST": `value` in the site's time zone, named."""
    local = timezone.localtime(value, timezone.get_default_timezone())
    # Translators: a date shape in Django's date-format letters (docs/languages.md#dates).
    shape = _("l j F, H:i")
    # The zone's abbreviation after the shape, not inside it: the same in every language, and the
    # shape keeps the translation it has ("viernes, 4 de diciembre, 14:30 EST").
    return f"{date_format(local, shape)} {local.tzname()}"


def email_day_end(day: dt.date) -> str:
    """A deadline that is a whole day, as the moment it passes: "Thursday 3 December, 23:59 EST"."""
    last_minute = dt.datetime.combine(day, dt.time(23, 59))
    return email_moment(timezone.make_aware(last_minute, timezone.get_default_timezone()))
