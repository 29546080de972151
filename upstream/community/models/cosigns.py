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

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.OneToOneField(
        Concern, on_delete=models.CASCADE, related_name="shared", verbose_name=_("concern")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OFFERED)
    scope = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared with"),
        help_text=_("The unit whose staff can read and co-sign it."),
    )
    offered_on = models.DateField(_("offered on"))
    # The redacted copy staff see; set by the approving leader, shown to the reporter beside theirs.
    text = models.TextField(
        _("shared text"),
        blank=True,
        help_text=_("The redacted copy staff see, written by the approving leader."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for not sharing"), blank=True)
    cosigns = models.PositiveIntegerField(_("co-signs"), default=0)
    branches = models.PositiveIntegerField(
        _("branches"),
        default=0,
        help_text=_("How many different units below the one it is shared with co-signed."),
    )
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"),
        default=0,
        help_text=_("How many leader levels above the shared-with unit it has reached."),
    )
    escalated_to = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("escalated to"),
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)

    class Meta:
        ordering = ["-cosigns", "id"]
        verbose_name = _("shared concern")
        verbose_name_plural = _("shared concerns")

    def __str__(self) -> str:
        return f"Shared concern {str(self.id)[:8]} ({self.status})"

    @property
    def purpose(self) -> str:
        """The speak-up token purpose for co-signing this one: one token per person, ever."""
        return f"cosign:{self.id.hex}"


class Cosign(models.Model):
    """One "this affects me too". Anonymous: written only at release, in a shuffled batch."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    shared = models.ForeignKey(
        SharedConcern, on_delete=models.CASCADE, related_name="cosign_rows", verbose_name=_("shared concern")
    )
    branch = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("branch"),
        help_text=_("The unit directly below the shared-with unit it came from; never the person."),
    )
    day = models.DateField(
        _("day"), help_text=_("The day of the batch it was released in, not when it was given.")
    )

    class Meta:
        verbose_name = _("co-sign")
        verbose_name_plural = _("co-signs")

    def __str__(self) -> str:
        return f"Co-sign on {self.shared_id}"
