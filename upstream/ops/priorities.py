"""Which queued task a worker takes first (django-tasks: the higher priority, then the older).

A release carries urgent concerns, whose acknowledgment deadline runs in hours, and the notices that
tell leaders; a retraining of the theme model or a refresh of the dashboards' summaries takes
minutes (at a million concerns, the refresh takes tens of them). All were queued alike, so a release
waited behind a retraining queued before it: after a restart, 7 minutes behind one put back in the
queue (a load test that killed the server mid-run). A task already running is not interrupted: one
worker finishes it first.
"""

from __future__ import annotations

URGENT = 50  # releasing the intake, and the notices a release sends
HEAVY = -50  # retraining, summary refreshes, coding a listening session: no one waits at the door
