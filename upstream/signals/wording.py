"""An early warning as a sentence in the reader's language, drawn when the page is.

The window is named by its last day ("in the 14 days to 3 Dec"): "in the last 14 days" was read
as of today on a warning raised a week before.

``Signal.message`` keeps the English sentence written when the rise was found (the API and the
admin show it). Pages render the sentence again from the stored figures, so a Spanish reader reads
Spanish: whole sentences with placeholders, one per source and usual rate, plural by the count.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext


def _in_sentence(name: str) -> str:
    # Lower-case "Workload and staffing" inside a sentence, but keep acronyms like "EHR burden".
    if name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def _sentence(source: str, rare: bool, count: int) -> str:
    if source == "surveys":
        if rare:
            return ngettext(
                "%(count)d survey comment about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
                "usual is fewer than 1 in %(days)d days.",
                "%(count)d survey comments about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
                "usual is fewer than 1 in %(days)d days.",
                count,
            )
        return ngettext(
            "%(count)d survey comment about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
            "usual is about %(usual)d in %(days)d days.",
            "%(count)d survey comments about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
            "usual is about %(usual)d in %(days)d days.",
            count,
        )
    if source == "both":
        if rare:
            return ngettext(
                "%(count)d concern or survey comment about %(theme)s in %(scope)s in the %(days)d days "
                "to %(until)s; usual is fewer than 1 in %(days)d days.",
                "%(count)d concerns and survey comments about %(theme)s in %(scope)s in the "
                "%(days)d days to %(until)s; usual is fewer than 1 in %(days)d days.",
                count,
            )
        return ngettext(
            "%(count)d concern or survey comment about %(theme)s in %(scope)s in the %(days)d days "
            "to %(until)s; usual is about %(usual)d in %(days)d days.",
            "%(count)d concerns and survey comments about %(theme)s in %(scope)s in the "
            "%(days)d days to %(until)s; usual is about %(usual)d in %(days)d days.",
            count,
        )
    if rare:
        return ngettext(
            "%(count)d concern about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
            "usual is fewer than 1 in %(days)d days.",
            "%(count)d concerns about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
            "usual is fewer than 1 in %(days)d days.",
            count,
        )
    return ngettext(
        "%(count)d concern about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
        "usual is about %(usual)d in %(days)d days.",
        "%(count)d concerns about %(theme)s in %(scope)s in the %(days)d days to %(until)s; "
        "usual is about %(usual)d in %(days)d days.",
        count,
    )


def warning_sentence(
    *,
    observed: int,
    expected: float,
    window_days: int,
    theme: str,
    scope: str,
    source: str,
    until: dt.date,
) -> str:
    """'7 concerns about workload and staffing in 4 West in the 14 days to 3 Dec; usual is about 1
    in 14 days.' in the active language; ``theme`` is the name to show (``Theme.label``), ``until``
    the window's last day (the day the rise was raised)."""
    rare = expected < 0.5
    return _sentence(source, rare, observed) % {
        "count": observed,
        "until": date_format(until, gettext("j M")),
        "theme": _in_sentence(theme),
        "scope": scope,
        "days": window_days,
        "usual": max(1, round(expected)),
    }
