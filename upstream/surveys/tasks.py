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


@task()
def open_wave_now(wave_id: int, day_iso: str) -> int:
    """Invite a wave scheduled or approved on its first day (`services._invite_now_if_open`), as the
    daily job would have the next morning; idempotent like it (a wave is opened once)."""
    from upstream.surveys.models import Wave
    from upstream.surveys.services import open_wave

    wave = Wave.objects.filter(pk=wave_id).first()
    return 0 if wave is None else open_wave(wave, dt.date.fromisoformat(day_iso))
