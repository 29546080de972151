"""Background work for the community app. Every task is idempotent and takes no personal data."""

from __future__ import annotations

from django_tasks import task

from upstream.community.services import gatherings


@task()
def send_gathering_reminders() -> int:
    """Remind confirmed attendees of gatherings starting within a day. Idempotent: a gathering is
    claimed (reminded=True) before its emails go, so a rerun sends nothing twice."""
    return gatherings.send_reminders()
