"""`upstream release-now`: release every pending anonymous entry at once, then send the notices the
hourly release sends (reply notices, escalations, reminders, digests) through the same function.

For operators (and the demo) who do not want to wait for the next fixed release. The batch is
stamped with this minute: the operator's action, not any writer's, and every entry in it was
written at some time before.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from upstream.concerns.batches import release_and_notify
from upstream.lib.commands import TranslatedHelp


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Release every pending anonymous submission now (stamped with this minute) and notify leaders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now().replace(second=0, microsecond=0)
        released = release_and_notify(now, everything=True).entries
        message = ngettext(
            "Released %(count)s pending submission.", "Released %(count)s pending submissions.", released
        )
        self.stdout.write(message % {"count": released})
