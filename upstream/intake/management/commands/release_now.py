"""`upstream release-now`: release every pending anonymous entry at once, then send the notices the
hourly release sends (reply notices, escalations, reminders, digests) through the same function.

For operators (and the demo) who do not want to wait for the next fixed release. The batch is
stamped with this minute: the operator's action, not any writer's, and every entry in it was
written at some time before.

Exits with status 1 when any entry pending at the start is still in the intake at the end: a
release that fails (an unknown holiday calendar, a key that cannot open an entry) keeps its
entries for the next run and logs why, and a script or an operator must not read "Released 0" as
"nothing was waiting".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from upstream.concerns.batches import release_and_notify
from upstream.intake.models import IntakeEntry
from upstream.intake.sealing import needs_previous_key
from upstream.intake.services import waiting_ids
from upstream.lib.commands import TranslatedHelp


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Release every pending anonymous submission now (stamped with this minute) and notify leaders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now().replace(second=0, microsecond=0)
        pending = waiting_ids()
        try:
            released = release_and_notify(now, everything=True).entries
        except ImproperlyConfigured as error:
            # Raised by the notices after the release (deadlines need the holiday calendar).
            message = gettext("The release stopped: %(error)s. Run `upstream check` for the details.")
            raise CommandError(message % {"error": error}) from None
        message = ngettext(
            "Released %(count)s pending submission.", "Released %(count)s pending submissions.", released
        )
        self.stdout.write(message % {"count": released})
        # Compared here, not with pk__in: a backlog can pass SQLite's limit on query parameters.
        # Placeholders holding the slots of entries released before their time are not counted.
        waiting = waiting_ids()
        kept = len(pending & waiting)
        if len(waiting) > kept:
            # Survey answers held until their group is large enough are sealed again as new entries
            # (or someone wrote meanwhile): the intake is not empty, and an operator about to change
            # UPSTREAM_INTAKE_KEY must know it.
            message = ngettext(
                "%(count)s submission is still waiting: survey answers are held back until enough "
                "people of their group have answered (or it was written meanwhile).",
                "%(count)s submissions are still waiting: survey answers are held back until enough "
                "people of their group have answered (or they were written meanwhile).",
                len(waiting) - kept,
            )
            self.stdout.write(message % {"count": len(waiting) - kept})
        if settings.INTAKE_KEY_PREVIOUS:
            self._report_previous_key()
        if kept:
            message = ngettext(
                "%(count)s pending submission could not be released and is kept for the next release; "
                "the log says why. Run `upstream check` to find a setting that stops releases.",
                "%(count)s pending submissions could not be released and are kept for the next release; "
                "the log says why. Run `upstream check` to find a setting that stops releases.",
                kept,
            )
            raise CommandError(message % {"count": kept})

    def _report_previous_key(self) -> None:
        """During a key change: whether the old key can be dropped yet (every entry released or
        sealed again under the new key), said in so many words."""
        old = sum(
            needs_previous_key(sealed) for sealed in IntakeEntry.objects.values_list("sealed", flat=True)
        )
        if old:
            message = ngettext(
                "%(count)s waiting submission opens only with UPSTREAM_INTAKE_KEY_PREVIOUS: keep it set.",
                "%(count)s waiting submissions open only with UPSTREAM_INTAKE_KEY_PREVIOUS: keep it set.",
                old,
            )
            self.stdout.write(message % {"count": old})
        else:
            self.stdout.write(
                gettext(
                    "No waiting submission needs UPSTREAM_INTAKE_KEY_PREVIOUS any more: remove it from "
                    "the environment of every process."
                )
            )
