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
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    text = models.TextField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="concerns")
    role_group = models.CharField(max_length=32, choices=RoleGroup.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    urgent = models.BooleanField(default=False, help_text="Crisis language: shown to leaders first.")
    # Coarsened to the day so the row cannot be joined with login or access records.
    received_on = models.DateField()
    # The fixed batch time at which leaders first see it; a function of received_on (and, for
    # urgent concerns, the hour), so it reveals no more than the batch it belongs to.
    visible_from = models.DateTimeField(db_index=True)
    ack_due_on = models.DateField()
    # The moment acknowledgment is due: the end of ack_due_on, or a few hours after release for
    # an urgent concern (a writer who may be in crisis cannot wait three business days).
    ack_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    awaiting_leader = models.BooleanField(default=False, help_text="The reporter wrote last.")
    # Whether the accountable leaders were reminded before the deadline (once per deadline): a flag,
    # not a time, because nothing about a reporter's concern needs a time finer than its days.
    reminded = models.BooleanField(default=False, help_text="Leaders were reminded before the deadline.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_concerns"
    )
    retain_until = models.DateField(help_text="Deleted by the retention job after this day.")

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
    )
    inbox_due = models.GeneratedField(
        expression=models.Case(
            models.When(acknowledged_at__isnull=True, then=models.F("ack_due_on")),
            models.When(awaiting_leader=True, then=models.Value(DUE_ACKNOWLEDGED_AWAITING)),
            default=models.Value(DUE_ACKNOWLEDGED),
        ),
        output_field=models.DateField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            models.Index(fields=["status", "urgent"]),
            models.Index(
                fields=["inbox_tier", "inbox_due", "-visible_from", "-id"], name="concern_inbox_order"
            ),
            models.Index(
                fields=["unit", "inbox_tier", "inbox_due", "-visible_from", "-id"],
                name="concern_unit_inbox_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Concern {str(self.id)[:8]} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """A short label leaders can use in conversation; not the receipt, not secret."""
        return str(self.id)[:8].upper()


class Receipt(models.Model):
    """A reporter's receipt, stored only as HMAC-SHA256(RECEIPT_KEY, code).

    The digest is the primary key, so there is no sequence that reveals issue order, and merged
    concerns keep every receipt by pointing them all at the surviving concern.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="receipts")

    def __str__(self) -> str:
        return f"Receipt for concern {self.concern_id}"  # never the code: only its digest exists


class Author(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    LEADER = "leader", _("Leader")


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    sent_on = models.DateField()
    sequence = models.PositiveIntegerField(help_text="Order within the thread (times are days only).")
    # The concern a reporter's message was written on. After a merge it tells whose receipt may
    # read it: reporters see leaders' messages and their own, never another reporter's words.
    origin = models.ForeignKey(Concern, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
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

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    explanation = models.TextField(blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    # How many thread messages existed when this happened, so messages (dated by day only) and
    # events interleave in the order they happened.
    after_message = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.concern_id}"


class ReadRecord(models.Model):
    """Every time a leader reads a concern (DESIGN.md rule 7): who, which, when, where."""

    class Via(models.TextChoices):
        PAGE = "page", _("Concern page")
        INBOX = "inbox", _("Inbox excerpt")
        API = "api", _("API")
        ADMIN = "admin", _("Admin")

    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="reads")
    at = models.DateTimeField()
    via = models.CharField(max_length=10, choices=Via.choices)

    def __str__(self) -> str:
        return f"{self.leader_id} read {self.concern_id} ({self.via})"


class BatchRelease(models.Model):
    """One row per fixed release time whose digest emails went out, so a rerun sends nothing twice."""

    released_at = models.DateTimeField(unique=True)
    concerns = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Batch released {self.released_at:%Y-%m-%d %H:%M}"


class RetentionPurge(models.Model):
    """The audit trail of the daily retention job: when it ran and how much it deleted."""

    ran_at = models.DateTimeField()
    concerns_deleted = models.PositiveIntegerField()
    sessions_deleted = models.PositiveIntegerField(default=0, help_text="Listening sessions past retention.")

    def __str__(self) -> str:
        return f"Retention run {self.ran_at:%Y-%m-%d}: {self.concerns_deleted} concerns"
