"""Enqueue periodic work at fixed times: the hourly batch release and the daily retention purge.

One scheduler per deployment: a second one, from the same data directory or (on PostgreSQL) any
machine using the same database, refuses to start (upstream/ops/scheduler_lock.py). It only
enqueues; task rows and the release table make a duplicate release harmless, not a duplicate email.
Production may run this or the same enqueue from cron. At every clock check it also puts back in the
queue the tasks of workers that died mid-task (their lease ran out).

Ctrl+C (SIGINT) stops it with one line, "scheduler stopped", and exit status 0: it is how a person
at a terminal stops it, not a failure worth a traceback.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from upstream.community.tasks import hourly as community_hourly
from upstream.concerns.tasks import purge_expired, release_batch
from upstream.insights.tasks import refresh_insights
from upstream.lib.commands import TranslatedHelp
from upstream.ops.requeue import requeue_abandoned
from upstream.ops.schedule import top_of_hour
from upstream.ops.scheduler_lock import SchedulerLock, SchedulerRunning
from upstream.signals.tasks import detect_early_warnings
from upstream.speakup.tasks import maintain_keys
from upstream.surveys.tasks import survey_day


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Enqueue the hourly batch release, the daily retention purge and the nightly early warning."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help=gettext_lazy("Enqueue the current hour's work and exit.")
        )
        parser.add_argument(
            "--interval", type=float, default=30.0, help=gettext_lazy("Seconds between clock checks.")
        )

    def handle(self, *args, **options):
        lock = SchedulerLock()
        try:
            # A second scheduler did every job again (two summary emails each, an operator's walk).
            lock.acquire()
            self._run(options, lock)
        except SchedulerRunning as refused:
            raise CommandError(str(refused)) from None
        except KeyboardInterrupt:
            # Safe to cut short anywhere: a task row is written whole or not at all, and the next
            # start enqueues the current hour's work again (a duplicate is harmless, see above).
            self.stderr.write(gettext("scheduler stopped"))
        finally:
            lock.release()

    def _run(self, options, lock: SchedulerLock) -> None:
        if not options["once"]:
            # It was silent until something failed: an operator could not tell it had started.
            message = gettext(
                "scheduler started: each hour's release at the top of the hour; retention at 03:00, "
                "early warnings and speak-up keys at 04:00, dashboards at 05:00, surveys at 08:00 "
                "(%(zone)s), and all of them now"
            )
            self.stdout.write(message % {"zone": timezone.get_current_timezone_name()})
        last_hour = None
        while True:
            lock.confirm()
            self._requeue_abandoned()
            hour = top_of_hour(timezone.now())
            if hour != last_hour:
                release_batch.enqueue(hour.isoformat())
                community_hourly.enqueue()  # gathering reminders, peer-support re-routing
                if hour.hour == 3 or last_hour is None:
                    purge_expired.enqueue()
                if hour.hour == 4 or last_hour is None:
                    detect_early_warnings.enqueue(hour.date().isoformat())
                    maintain_keys.enqueue(hour.date().isoformat())  # speak-up key rotation and expiry
                if hour.hour == 5 or last_hour is None:
                    refresh_insights.enqueue()  # the dashboards' summary table
                if hour.hour == 8 or last_hour is None:
                    survey_day.enqueue(hour.date().isoformat())  # waves open, invitations, reminders
                last_hour = hour
            if options["once"]:
                return
            time.sleep(options["interval"])

    def _requeue_abandoned(self) -> None:
        """Tasks whose worker died (its lease ran out) go back to the queue (upstream/ops/requeue.py)."""
        try:
            count = requeue_abandoned()
        except DatabaseError as error:  # the database may be down for a moment; the next tick tries again
            connection.close()  # on a new connection
            message = gettext("could not queue the tasks of stopped workers again: %(error)s")
            self.stderr.write(message % {"error": error})
            return
        if count:
            message = ngettext(
                "%(count)s task whose worker stopped is queued again.",
                "%(count)s tasks whose worker stopped are queued again.",
                count,
            )
            self.stderr.write(message % {"count": count})
