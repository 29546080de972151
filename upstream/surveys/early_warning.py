"""Survey comments as an early-warning flow, beside concerns and listening sessions.

A released comment counts once, on the day of the release batch that wrote it (the only day it
has: nothing finer is stored), against the unit its writer chose and the main theme the text model
gave it at release. Comments exist only once released, so nothing sealed in the intake counts,
and a comment without a theme (the model was unavailable, or the text was unclear) counts nowhere.
Nothing is stored for this: the counts are read from `Comment` rows each night, so running the
job twice, or releasing a batch late, can never count a comment twice.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from upstream.surveys.models import Comment


def daily_theme_counts(start: dt.date, end: dt.date) -> dict[tuple[int, str, dt.date], int]:
    """(unit id, theme key, release day) -> released survey comments with that main theme."""
    rows = (
        Comment.objects.filter(released_on__gte=start, released_on__lte=end)
        .exclude(theme="")
        .values("unit_id", "theme", "released_on")
        .annotate(n=Count("pk"))
    )
    return {(r["unit_id"], r["theme"], r["released_on"]): r["n"] for r in rows}
