"""Releasing batches to leaders, and retention."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from upstream.concerns.models import BatchRelease, Concern, RetentionPurge
from upstream.org.models import LeaderAssignment

logger = logging.getLogger(__name__)


def notify_leaders(released_at: dt.datetime) -> int:
    """Tell each leader how many concerns reached their inbox in the batch ending at released_at.

    The email says only counts, never text: inboxes are read under audit, mailboxes are not.
    """
    previous = BatchRelease.objects.filter(released_at__lt=released_at).order_by("-released_at").first()
    since = previous.released_at if previous else released_at - dt.timedelta(hours=1)
    fresh = Concern.objects.filter(visible_from__gt=since, visible_from__lte=released_at)
    try:
        # The release row and the sending succeed or fail together, so a failed send is retried.
        with transaction.atomic():
            BatchRelease.objects.create(released_at=released_at, concerns=fresh.count())
            sent = _send_digests(fresh)
    except IntegrityError:
        return 0  # this batch was already announced
    logger.info("batch released: %d leaders notified", sent)
    return sent


def _send_digests(fresh) -> int:
    mails = []
    for assignment in LeaderAssignment.objects.select_related("user", "unit"):
        mine = fresh.filter(unit__path__startswith=assignment.unit.path)
        total = mine.count()
        if not total or not assignment.user.email:
            continue
        urgent = mine.filter(urgent=True).count()
        body = (
            f"{total} new concern{'s' if total != 1 else ''} reached your Upstream inbox"
            f" for {assignment.unit.name}"
            f"{f', {urgent} marked urgent' if urgent else ''}.\n\n"
            f"Open the inbox: {settings.UPSTREAM_BASE_URL}{reverse('concerns:inbox')}\n"
        )
        mails.append(("New concerns in Upstream", body, settings.DEFAULT_FROM_EMAIL, [assignment.user.email]))
    send_mass_mail(mails, fail_silently=False)
    return len(mails)


def _purge_listening(today: dt.date) -> int:
    """Listening sessions (redacted transcripts) follow the same retention as concerns."""
    from django.apps import apps

    if not apps.is_installed("upstream.listening"):
        return 0
    from upstream.listening.models import ListeningSession

    cutoff = today - dt.timedelta(days=settings.UPSTREAM_RETENTION_DAYS)
    expired = ListeningSession.objects.filter(held_on__lt=cutoff)
    count = expired.count()
    expired.delete()
    return count


def purge_expired(today: dt.date | None = None) -> int:
    """Delete concerns (and their threads, themes, receipts) past retention; leave an audit row."""
    today = today or timezone.localdate()
    with transaction.atomic():
        expired = Concern.objects.filter(retain_until__lt=today)
        count = expired.count()
        expired.delete()
        sessions = _purge_listening(today)
        RetentionPurge.objects.create(
            ran_at=timezone.now(), concerns_deleted=count, sessions_deleted=sessions
        )
    logger.info("retention: %d expired concerns deleted", count)
    return count
