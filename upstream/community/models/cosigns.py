"""Shared concerns and their co-signs.

A shared concern is a leader-approved, redacted copy of a concern its reporter offered. A co-sign
is an anonymous record (DESIGN.md rule 1): written only by the intake's release handler, with a
random id, the batch day and the branch of the scope it was given from; no person, no session, no
time. Nothing anywhere lists who co-signed (docs/anonymity.md, "Co-signs").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.concerns.models import Concern
from upstream.org.models import Unit


class SharedConcern(models.Model):
    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered, waiting for a leader")
        PUBLISHED = "published", _("Shared for co-signing")
        DECLINED = "declined", _("Not shared")
        WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="shared")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OFFERED)
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    offered_on = models.DateField()
    # The redacted copy staff see; set by the approving leader, shown to the reporter beside theirs.
    text = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    cosigns = models.PositiveIntegerField(default=0)
    branches = models.PositiveIntegerField(default=0, help_text="Distinct units below the scope co-signing.")
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_to = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    escalated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-cosigns", "id"]

    def __str__(self) -> str:
        return f"Shared concern {str(self.id)[:8]} ({self.status})"

    @property
    def purpose(self) -> str:
        """The speak-up token purpose for co-signing this one: one token per person, ever."""
        return f"cosign:{self.id.hex}"


class Cosign(models.Model):
    """One "this affects me too". Anonymous: written only at release, in a shuffled batch."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    shared = models.ForeignKey(SharedConcern, on_delete=models.CASCADE, related_name="cosign_rows")
    branch = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField()

    def __str__(self) -> str:
        return f"Co-sign on {self.shared_id}"
