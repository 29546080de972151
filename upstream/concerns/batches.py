"""Releasing batches to leaders, and retention."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.concerns.models import BatchRelease, Concern, Event, RetentionPurge
from upstream.intake.services import release_due
from upstream.intake.vacuum import vacuum_after_release
from upstream.lib.insert_once import insert_once
from upstream.lib.mail import in_site_language, send_mass_mail
from upstream.lib.moments import email_moment
from upstream.org.models import LeaderAssignment, Unit, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Released:
    entries: int  # anonymous records moved into the visible tables
    leaders_told: int  # digest emails about the concerns new in this batch


def release_and_notify(released_at: dt.datetime, *, everything: bool = False) -> Released:
    """Release the intake entries due by `released_at` (every pending one with `everything`), then
    send the notices a release brings: leaders told of reporters' replies, overdue concerns
    escalated, deadlines within reach reminded, and the digest of the concerns that reached leaders.

    The one release path: the hourly `release_batch` task and `upstream release-now` both call it.
    Idempotent per release time: released entries are gone (so a rerun finds no concern newly
    awaiting a leader), a release row stops a second digest, an escalation and a reminder are
    recorded once per concern.
    """
    awaiting = awaiting_ids()
    entries = release_due(released_at, everything=everything)
    vacuum_after_release()
    # After the release transaction: the concerns it left awaiting a leader got a reporter's reply.
    notify_replies(awaiting, released_at)
    escalate_overdue(released_at)
    remind_due(released_at)
    return Released(entries=entries, leaders_told=notify_leaders(released_at))


def notify_leaders(released_at: dt.datetime) -> int:
    """Tell each leader how many concerns reached their inbox since their last digest.

    The email says only counts, never text: inboxes are read under audit, mailboxes are not. Every
    concern is announced once, by its own flag: a digest per release time passed over the concerns
    of a second release in the same minute (an urgent one too) once the first had been announced.
    """
    with transaction.atomic():
        # Locked, and skipped by a concurrent run (the scheduler beside `release-now`), so no
        # concern is announced twice; a failed send rolls back and is retried at the next run.
        fresh_ids = list(
            Concern.objects.select_for_update(skip_locked=True)
            .filter(unannounced=True, visible_from__lte=released_at)
            .values_list("pk", flat=True)
        )
        stamp = connection.ops.adapt_datetimefield_value(released_at)
        # The record of each release time's digest; a rerun (each scheduler start runs the current
        # hour's release again) is passed over without a failed insert, which PostgreSQL logged.
        if (
            not insert_once(BatchRelease, "released_at", released_at=stamp, concerns=len(fresh_ids))
            and fresh_ids
        ):
            BatchRelease.objects.filter(released_at=released_at).update(
                concerns=F("concerns") + len(fresh_ids)
            )
        fresh = Concern.objects.filter(pk__in=fresh_ids)
        sent = _send_digests(fresh, released_at) if fresh_ids else 0
        fresh.update(unannounced=False)
    logger.info("batch released: %d leaders notified", sent)
    return sent


@in_site_language
def _send_digests(fresh, released_at: dt.datetime) -> int:
    from upstream.org.access import deputies_for

    mails = []
    day = timezone.localtime(released_at).date()
    for assignment in LeaderAssignment.objects.filter(user__is_active=True).select_related("user", "unit"):
        mine = fresh.filter(unit__path__startswith=assignment.unit.path)
        total = mine.count()
        # The leader, and whoever covers their inbox that day.
        to = [
            person.email
            for person in [assignment.user, *deputies_for([assignment.user], day)]
            if person.email and person.is_active
        ]
        if not total or not to:
            continue
        urgent = mine.filter(urgent=True).count()
        subject = _("Urgent: a concern needs you within hours") if urgent else _("New concerns in Upstream")
        body = ngettext(
            "%(total)d new concern reached your Upstream inbox for %(unit)s.",
            "%(total)d new concerns reached your Upstream inbox for %(unit)s.",
            total,
        ) % {"total": total, "unit": assignment.unit.name}
        if urgent:
            body += " " + _in_crisis_words(urgent)
        body += "\n\n" + _("Open the inbox: %(url)s") % {
            "url": settings.UPSTREAM_BASE_URL + reverse("concerns:inbox")
        }
        mails += [(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [address]) for address in to]
    send_mass_mail(mails, kind="concern-batch", fail_silently=False)
    return len(mails)


def _in_crisis_words(urgent: int) -> str:
    # "1 of them suggest" (an email walk): the count decides the verb, in Spanish too.
    return ngettext(
        "%(urgent)d of them suggests the writer may be in crisis: acknowledge within %(hours)d hours; "
        "after that the next leader up is told.",
        "%(urgent)d of them suggest the writers may be in crisis: acknowledge within %(hours)d hours; "
        "after that the next leader up is told.",
        urgent,
    ) % {"urgent": urgent, "hours": settings.UPSTREAM_URGENT_ACK_HOURS}


def accountable_leaders(unit: Unit) -> tuple[Unit | None, list[User]]:
    """The nearest unit at or above `unit` that has active leaders, and those leaders. A leader whose
    account was deactivated (a leaver) still got the digests, reminders and escalations (an email
    walk); a level whose leaders have all left passes its emails up."""
    for node in [unit, *reversed(unit.ancestors())]:
        assignments = LeaderAssignment.objects.filter(unit=node, user__is_active=True).select_related("user")
        leaders = [a.user for a in assignments]
        if leaders:
            return node, leaders
    return None, []


def _escalation_mail(concern: Concern, to: str) -> tuple[str, str, str, list[str]]:
    subject = _("Overdue: a concern in %(unit)s was not acknowledged") % {"unit": concern.unit.name}
    body = _(
        "Concern %(ref)s in %(unit)s%(urgent)s was due for acknowledgment by %(due)s and has not been "
        "acknowledged. You lead the level above: please follow up."
    ) % {
        "ref": concern.reference,
        "unit": concern.unit.name,
        "urgent": _(" (urgent: the writer may be in crisis)") if concern.urgent else "",
        "due": email_moment(concern.ack_due_at),
    }
    # The concern itself, as a reminder links it: a level-above inbox of hundreds did not show it
    # on its first page (an email walk).
    url = settings.UPSTREAM_BASE_URL + reverse("concerns:detail", args=[concern.pk])
    return subject, f"{body}\n\n{url}\n", settings.DEFAULT_FROM_EMAIL, [to]


@in_site_language
def escalate_overdue(now: dt.datetime) -> int:
    """Tell the next leader up about every unacknowledged concern whose deadline has passed
    (hours after release for an urgent one, business days for the others).

    Once per deadline: the concern's `escalated` flag is claimed with a conditional update, so a
    rerun or a second worker sends nothing twice, and a crisis reply that gives the concern a new
    deadline in hours clears it (concerns/release.py). An Escalated event records each one in the
    thread. The email names the concern's reference and unit, never its text. Returns how many
    concerns were escalated.
    """
    overdue = (
        Concern.objects.filter(
            acknowledged_at__isnull=True,
            ack_due_at__lt=now,
            visible_from__lte=now,
            merged_into=None,
            escalated=False,
        )
        .exclude(status="closed")
        .select_related("unit")
    )
    claimed, events = [], []
    mails = []
    for concern in overdue:
        if not Concern.objects.filter(pk=concern.pk, escalated=False).update(escalated=True):
            continue  # another run claimed it
        claimed.append(concern.pk)
        told, explanation = escalation_of(concern, now)
        with transaction.atomic():
            event = Event.objects.create(
                concern=concern,
                kind=Event.Kind.ESCALATED,
                at=now,
                after_message=concern.messages.count(),
                explanation=explanation,
            )
        events.append(event.pk)
        mails += [_escalation_mail(concern, boss.email) for boss in told]
    escalated = len(claimed)
    if mails:
        try:
            send_mass_mail(mails, kind="acknowledgment-overdue", fail_silently=False)
        except Exception:
            # The mail server could not be reached: nobody was told, so the thread must not say
            # "the next leader up was told", and the next run must try again (an email walk found
            # the escalation lost for good).
            Event.objects.filter(pk__in=events).delete()
            Concern.objects.filter(pk__in=claimed).update(escalated=False)
            raise
    if escalated:
        logger.info("escalation: %d overdue concerns escalated", escalated)
    return escalated


def escalation_of(concern: Concern, now: dt.datetime) -> tuple[list[User], str]:
    """Whom an overdue concern's escalation tells (the next leaders up, and whoever covers their
    inbox `now`, with an e-mail address), and the thread's words for it."""
    level, _own = accountable_leaders(concern.unit)
    parent = Unit.objects.get_parent(level) if level is not None else None
    told = [boss for boss in (inbox_holders(parent, now) if parent is not None else []) if boss.email]
    explanation = (
        _("Not acknowledged in time; the next leader up was told.")
        if told
        else _("Not acknowledged in time; there is no leader above this level to tell.")
    )
    return told, explanation


def _reminder_mail(concern: Concern, to: str) -> tuple[str, str, str, list[str]]:
    if concern.urgent:
        subject = _("Reminder: an urgent concern in %(unit)s is due within the hour") % {
            "unit": concern.unit.name
        }
    else:
        subject = _("Reminder: a concern in %(unit)s is due for acknowledgment today") % {
            "unit": concern.unit.name
        }
    body = _(
        "Concern %(ref)s in %(unit)s is due for acknowledgment by %(due)s and has not been acknowledged. "
        "If it is not acknowledged in time, the next leader up is told."
    ) % {
        "ref": concern.reference,
        "unit": concern.unit.name,
        "due": email_moment(concern.ack_due_at),
    }
    url = settings.UPSTREAM_BASE_URL + reverse("concerns:detail", args=[concern.pk])
    return subject, f"{body}\n\n{url}\n", settings.DEFAULT_FROM_EMAIL, [to]


@in_site_language
def remind_due(now: dt.datetime) -> int:
    """Remind the accountable leaders of every unacknowledged concern whose deadline is near: on the
    deadline's day (less than one business day left), or within the last hour for an urgent one.

    Once per deadline (the concern's `reminded` flag, claimed with a conditional update, so a rerun
    or a second worker sends nothing twice). The email names the reference and unit, never the text.
    Returns how many concerns were reminded about.
    """
    today = timezone.localtime(now).date()
    near = Q(urgent=True, ack_due_at__lte=now + dt.timedelta(hours=1)) | Q(
        urgent=False, ack_due_on__lte=today
    )
    due = (
        Concern.objects.filter(
            near,
            acknowledged_at__isnull=True,
            reminded=False,
            ack_due_at__gt=now,
            visible_from__lte=now,
            merged_into=None,
        )
        .exclude(status="closed")
        .select_related("unit")
    )
    claimed = []
    mails = []
    for concern in due:
        if not Concern.objects.filter(pk=concern.pk, reminded=False).update(reminded=True):
            continue  # another run claimed it
        claimed.append(concern.pk)
        mails += [
            _reminder_mail(concern, leader.email)
            for leader in inbox_holders(concern.unit, now)
            if leader.email
        ]
    reminded = len(claimed)
    if mails:
        try:
            send_mass_mail(mails, kind="acknowledgment-reminder", fail_silently=False)
        except Exception:
            Concern.objects.filter(pk__in=claimed).update(reminded=False)  # tried again next run
            raise
    if reminded:
        logger.info("reminders: %d concerns near their deadline", reminded)
    return reminded


def inbox_holders(unit: Unit, now: dt.datetime | None = None) -> list[User]:
    """The accountable leaders of `unit` and whoever deputises for them today."""
    from upstream.org.access import deputies_for

    _level, leaders = accountable_leaders(unit)
    day = timezone.localtime(now or timezone.now()).date()
    people = {leader.pk: leader for leader in leaders}
    for deputy in deputies_for(leaders, day):
        if deputy.is_active:
            people.setdefault(deputy.pk, deputy)
    return list(people.values())


def awaiting_ids() -> set:
    """The concerns whose last message is the reporter's (snapshot taken before a release)."""
    return set(Concern.objects.filter(awaiting_leader=True).values_list("pk", flat=True))


@in_site_language
def notify_replies(before: set, now: dt.datetime) -> int:
    """Tell the accountable leaders when a reporter replied: the concerns awaiting a leader now
    that were not before this release (`before`, from `awaiting_ids()`), and every concern a reply
    in crisis words reached since the last notice (`crisis_reply_unannounced`, even when it was
    already awaiting a leader). Nothing else about the reply is stored for this; the email gives
    counts and references, never the text. Returns emails sent."""
    pending = Q(awaiting_leader=True) | Q(crisis_reply_unannounced=True)
    fresh = (
        # `pending` on its own is the condition of the index concern_reply_pending, word for word:
        # SQLite uses a partial index only for a query term that repeats its condition.
        Concern.objects.filter(pending, visible_from__lte=now, merged_into=None)
        .filter(~Q(pk__in=before) | Q(crisis_reply_unannounced=True))
        .select_related("unit")
    )
    by_leader: dict[int, tuple[User, list[Concern]]] = {}
    for concern in fresh:
        for leader in inbox_holders(concern.unit, now):
            if leader.email:
                by_leader.setdefault(leader.pk, (leader, []))[1].append(concern)
    mails = []
    for leader, concerns in by_leader.values():
        refs = ", ".join(sorted(c.reference for c in concerns))
        # A reply in crisis words (release.py) made its concern urgent and unacknowledged, or came
        # on one that was urgent and acknowledged already: either way the leader must hear it as
        # urgent, as for a new concern in crisis.
        urgent = sum(
            1 for c in concerns if c.crisis_reply_unannounced or (c.urgent and c.acknowledged_at is None)
        )
        subject = ngettext(
            "A reporter replied on a concern in your Upstream inbox",
            "Reporters replied on %(count)d concerns in your Upstream inbox",
            len(concerns),
        ) % {"count": len(concerns)}
        if urgent:
            subject = _("Urgent: a concern needs you within hours")
        body = ngettext(
            "A reporter replied on %(count)d concern waiting for you: %(refs)s.",
            "Reporters replied on %(count)d concerns waiting for you: %(refs)s.",
            len(concerns),
        ) % {"count": len(concerns), "refs": refs}
        if urgent:
            body += " " + _in_crisis_words(urgent)
        body += "\n\n" + _("Open the inbox: %(url)s") % {
            "url": settings.UPSTREAM_BASE_URL + reverse("concerns:inbox")
        }
        mails.append((subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [leader.email]))
    if mails:
        send_mass_mail(mails, kind="reporter-replies", fail_silently=False)
        logger.info("replies: %d leaders told of reporter replies", len(mails))
    # Told (or nobody to tell): the next notice is about the next crisis reply only.
    Concern.objects.filter(pk__in=[c.pk for c in fresh if c.crisis_reply_unannounced]).update(
        crisis_reply_unannounced=False
    )
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
