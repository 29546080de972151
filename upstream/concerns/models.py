"""Anonymous concerns and their two-way thread.

Nothing here points at a person who reported (DESIGN.md rule 1): no user, session, address or
exact time. Ids are random, dates are days, and receipts are stored only as keyed hashes.
Leaders' actions (acknowledgment, messages, status changes, reads) do carry the leader and time:
leaders are accountable, reporters are not identifiable.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upstream.org.models import RoleGroup, Unit


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    ACTION_TAKEN = "action_taken", _("Action taken")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
# Acknowledged concerns sort after every real deadline in the inbox; a reply waiting for the leader first.
DUE_ACKNOWLEDGED_AWAITING = dt.date(9999, 12, 30)
DUE_ACKNOWLEDGED = dt.date(9999, 12, 31)


class Concern(models.Model):
    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    text = models.TextField(_("text"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("unit"))
    role_group = models.CharField(_("role group"), max_length=32, choices=RoleGroup.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    urgent = models.BooleanField(
        _("urgent"), default=False, help_text=_("Crisis language: shown to leaders first.")
    )
    # Coarsened to the day so the row cannot be joined with login or access records.
    received_on = models.DateField(_("received on"), help_text=_("The day only: no time is kept."))
    # The fixed batch time at which leaders first see it; a function of received_on (and, for
    # urgent concerns, the hour), so it reveals no more than the batch it belongs to.
    visible_from = models.DateTimeField(
        _("visible from"), db_index=True, help_text=_("The batch release at which leaders first see it.")
    )
    ack_due_on = models.DateField(_("acknowledgment due on"))
    # The moment acknowledgment is due: the end of ack_due_on, or a few hours after release for
    # an urgent concern (a writer who may be in crisis cannot wait three business days).
    ack_due_at = models.DateTimeField(
        _("acknowledgment due at"),
        null=True,
        blank=True,
        help_text=_("The end of the due day, or a few hours after release for an urgent concern."),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    awaiting_leader = models.BooleanField(
        _("awaiting a leader"), default=False, help_text=_("The reporter wrote last.")
    )
    # Whether the accountable leaders were reminded before the deadline (once per deadline): a flag,
    # not a time, because nothing about a reporter's concern needs a time finer than its days.
    reminded = models.BooleanField(
        _("reminded"), default=False, help_text=_("Leaders were reminded before the deadline.")
    )
    # Whether the level above was told the deadline passed unacknowledged (once per deadline, like
    # `reminded`): a crisis reply gives an escalated concern a new deadline in hours, whose miss
    # must reach the level above again. The Escalated event keeps the history.
    escalated = models.BooleanField(
        _("escalated"), default=False, help_text=_("The level above was told the deadline passed.")
    )
    # Set at the release that brings a reply the crisis screen flagged; cleared when the accountable
    # leaders were told it is urgent. A flag, not a time, like `reminded`: it says only "since the
    # last reply notice", and the reply's words are in the thread anyway.
    crisis_reply_unannounced = models.BooleanField(
        _("crisis reply not yet announced"),
        default=False,
        help_text=_("A reply in crisis words arrived; its urgent notice to leaders is still to be sent."),
    )
    # Set at the release that makes the concern visible; cleared when its leaders' digest went out.
    # A flag, not the release time (that is `visible_from`): it makes the digest announce every
    # concern once, also one released in a minute whose digest had gone out already (a
    # `release-now` right after another, or in the minute of the hourly release).
    unannounced = models.BooleanField(
        _("not yet announced"),
        default=False,
        help_text=_("Released; its leaders' digest email is still to be sent."),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_concerns",
        verbose_name=_("merged into"),
    )
    # When a leader merged it (a leader's act, like the merge event's time): its reporter reads the
    # answers written to the shared thread from then on, not those written to it before (thread_for).
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    retain_until = models.DateField(
        _("keep until"), help_text=_("Deleted by the retention job after this day.")
    )
    # A copy of the theme whose themes.ConcernTheme row is primary (upstream/themes/services.py
    # writes both), so the similar-concerns search reads an open concern's same-theme neighbours
    # from one index instead of probing the theme rows of every open concern under a hospital.
    main_theme = models.ForeignKey(
        "themes.Theme",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        verbose_name=_("main theme"),
        help_text=_("The concern's primary theme, for finding similar concerns."),
    )

    # The inbox order, kept by the database from the columns above (nothing to maintain in code):
    # tier 0 open and urgent, 1 open, 2 closed and urgent, 3 closed; then the acknowledgment deadline
    # while unacknowledged (so "overdue" is inbox_due < today, the first rows of a tier), else after
    # every deadline. Neither depends on today, so one index serves the inbox (concerns/access.py).
    inbox_tier = models.GeneratedField(
        expression=models.Case(
            models.When(models.Q(status__in=OPEN_STATUSES) & models.Q(urgent=True), then=models.Value(0)),
            models.When(status__in=OPEN_STATUSES, then=models.Value(1)),
            models.When(urgent=True, then=models.Value(2)),
            default=models.Value(3),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("inbox group"),
        help_text=_("Inbox order: 0 open and urgent, 1 open, 2 closed and urgent, 3 closed."),
    )
    inbox_due = models.GeneratedField(
        expression=models.Case(
            models.When(acknowledged_at__isnull=True, then=models.F("ack_due_on")),
            models.When(awaiting_leader=True, then=models.Value(DUE_ACKNOWLEDGED_AWAITING)),
            default=models.Value(DUE_ACKNOWLEDGED),
        ),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("inbox deadline"),
        help_text=_(
            "Sorts the inbox: the acknowledgment deadline until acknowledged, then after every deadline."
        ),
    )

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [
            models.Index(fields=["status", "urgent"]),
            models.Index(
                fields=["inbox_tier", "inbox_due", "-visible_from", "-id"], name="concern_inbox_order"
            ),
            models.Index(
                fields=["unit", "inbox_tier", "inbox_due", "-visible_from", "-id"],
                name="concern_unit_inbox_order",
            ),
            # The similar-concerns pool (concerns/access.py similar_pool): open, unmerged, by theme.
            models.Index(
                fields=["unit", "main_theme", "-visible_from"],
                condition=models.Q(status__in=OPEN_STATUSES, merged_into=None),
                name="concern_open_by_theme",
            ),
            # The hourly batch (concerns/batches.py) reads only concerns still waiting for something,
            # a few days' worth among millions: each partial index holds just those rows, and its
            # condition repeats the query's fixed terms word for word, so PostgreSQL and SQLite
            # (which does no algebra on partial-index conditions) both see that it serves the query.
            # escalate_overdue: unacknowledged and not yet escalated, by deadline.
            models.Index(
                fields=["ack_due_at"],
                condition=models.Q(acknowledged_at__isnull=True, escalated=False, merged_into=None)
                & ~models.Q(status=Status.CLOSED),
                name="concern_escalation_due",
            ),
            # remind_due: unacknowledged and not yet reminded, by deadline.
            models.Index(
                fields=["ack_due_at"],
                condition=models.Q(acknowledged_at__isnull=True, reminded=False, merged_into=None)
                & ~models.Q(status=Status.CLOSED),
                name="concern_reminder_due",
            ),
            # awaiting_ids and notify_replies: a reporter's reply waiting for a leader, or a crisis
            # reply not yet announced. Keyed on merged_into, which notify_replies asks to be empty:
            # SQLite prefers an index it can search by equality over one it must read whole.
            models.Index(
                fields=["merged_into"],
                condition=models.Q(awaiting_leader=True) | models.Q(crisis_reply_unannounced=True),
                name="concern_reply_pending",
            ),
            # notify_leaders: the concerns of the digest still to be sent, a batch's worth at most.
            models.Index(
                fields=["visible_from"], condition=models.Q(unannounced=True), name="concern_digest_due"
            ),
            # The daily purge (concerns/batches.py purge_expired): every concern past its keep-until
            # day. No fixed terms, so a plain index: the purge reads the few days' worth that expired
            # since yesterday instead of every concern.
            models.Index(fields=["retain_until"], name="concern_retention_due"),
        ]

    def __str__(self) -> str:
        # The admin's title for a concern, so in the operator's language like the rest of the page.
        return gettext("Concern %(reference)s (%(status)s)") % {
            "reference": self.reference,
            "status": self.get_status_display(),
        }

    @property
    def reference(self) -> str:
        """A short label leaders can use in conversation; not the receipt, not secret."""
        return str(self.id)[:8].upper()

    def merge_home(self) -> Concern:
        """The concern this one's thread lives in now: itself, or the end of its merges (the
        concern it joined may have joined another since). merge_concerns refuses a cycle; the
        walk stops at one all the same rather than loop on a hand-edited row."""
        home, seen = self, {self.pk}
        while home.merged_into_id is not None and home.merged_into_id not in seen:
            seen.add(home.merged_into_id)
            home = Concern.objects.get(pk=home.merged_into_id)
        return home


class Receipt(models.Model):
    """A reporter's receipt, stored only as HMAC-SHA256(RECEIPT_KEY, code).

    The digest is the primary key, so there is no sequence that reveals issue order, and merged
    concerns keep every receipt by pointing them all at the surviving concern.
    """

    digest = models.CharField(
        _("digest"),
        max_length=64,
        primary_key=True,
        help_text=_("A keyed hash of the receipt code; the code itself is never stored."),
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("concern")
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"Receipt for concern {self.concern_id}"  # never the code: only its digest exists


class Author(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    LEADER = "leader", _("Leader")


class Message(models.Model):
    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="messages", verbose_name=_("concern")
    )
    author = models.CharField(_("author"), max_length=10, choices=Author.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("leader"),
    )
    text = models.TextField(_("text"))
    sent_on = models.DateField(_("sent on"))
    sequence = models.PositiveIntegerField(
        _("sequence"), help_text=_("Order within the thread (times are days only).")
    )
    # The concern a message was written on (for messages older than merged_at, set at the next merge).
    # It tells whose receipt may read it (thread_for): a reporter reads their own words and the
    # answers written to them, never another reporter's, nor what was answered to one.
    origin = models.ForeignKey(
        Concern,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("written on concern"),
        help_text=_(
            "After a merge, each reporter sees their own messages and the leaders' answers written to them."
        ),
    )
    # A leader's message only, to the second: whether it was written before or after a concern joined
    # the thread by a merge. A reporter's message keeps its day alone (sent_on), like everything
    # anonymous.
    written_at = models.DateTimeField(_("written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["concern", "sequence"], name="one_message_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.get_author_display()} message {self.sequence} on {self.concern_id}"


class Event(models.Model):
    """A leader's change to a concern, shown to the reporter as the concern's history."""

    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        STATUS = "status", _("Status changed")
        MERGED = "merged", _("Merged")
        ACTION_LINKED = "action_linked", _("Linked to an action")
        ESCALATED = "escalated", _("Escalated")
        MOVED = "moved", _("Moved to another unit")

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="events", verbose_name=_("concern")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("leader"),
    )
    at = models.DateTimeField(_("time"))
    # How many thread messages existed when this happened, so messages (dated by day only) and
    # events interleave in the order they happened.
    after_message = models.PositiveIntegerField(
        _("after message"),
        default=0,
        help_text=_("How many thread messages came before it, to place it among them."),
    )

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.concern_id}"


class ReadRecord(models.Model):
    """Every time a leader reads a concern (DESIGN.md rule 7): who, which, when, where."""

    class Via(models.TextChoices):
        PAGE = "page", _("Concern page")
        INBOX = "inbox", _("Inbox excerpt")
        # Excerpts shown on another page (similar and merged concerns beside a concern, the concerns
        # an action can answer, co-sign offers): recorded as "Concern page" until 2026-12-05, the
        # audit trail listed a dozen concern pages for one opening of the new-action form.
        EXCERPT = "excerpt", _("Excerpt on another page")
        API = "api", _("API")
        ADMIN = "admin", _("Admin")

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("leader")
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="reads", verbose_name=_("concern")
    )
    at = models.DateTimeField(_("read at"))
    via = models.CharField(_("read in"), max_length=10, choices=Via.choices)

    class Meta:
        verbose_name = _("read record")
        verbose_name_plural = _("read records")

    def __str__(self) -> str:
        return gettext("Leader %(leader)s read concern %(concern)s (%(via)s)") % {
            "leader": self.leader_id,
            "concern": self.concern_id,
            "via": self.get_via_display(),
        }


class BatchRelease(models.Model):
    """One row per fixed release time whose digest emails went out, so a rerun sends nothing twice."""

    released_at = models.DateTimeField(_("released at"), unique=True)
    concerns = models.PositiveIntegerField(_("concerns"), help_text=_("How many concerns it made visible."))

    class Meta:
        verbose_name = _("batch release")
        verbose_name_plural = _("batch releases")

    def __str__(self) -> str:
        return gettext("Batch released %(time)s") % {"time": f"{self.released_at:%Y-%m-%d %H:%M}"}


class RetentionPurge(models.Model):
    """The audit trail of the daily retention job: when it ran and how much it deleted."""

    ran_at = models.DateTimeField(_("ran at"))
    concerns_deleted = models.PositiveIntegerField(_("concerns deleted"))
    sessions_deleted = models.PositiveIntegerField(
        _("sessions deleted"), default=0, help_text=_("Listening sessions past retention.")
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"Retention run {self.ran_at:%Y-%m-%d}: {self.concerns_deleted} concerns"
