from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def survey_day(day_iso: str | None = None) -> dict[str, int]:
    """The daily survey job: new waves from series, invitations for waves that open, reminders,
    and the results tables of waves that just closed.

    Idempotent: a series advances once per wave, invitations and reminders are stamped on the wave
    and never sent twice, so a duplicate run (two schedulers, a retry) sends nothing more; a results
    table already prepared is read back, not searched again.
    """
    from upstream.surveys.services import run_survey_day

    return run_survey_day(dt.date.fromisoformat(day_iso) if day_iso else None)
