"""Organising: staff campaigns around an upstream cause, with a formal ask to leadership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from upstream.org.models import Unit


class Campaign(models.Model):
    class Kind(models.TextChoices):
        INSIDE = "inside", _("Inside the hospital (staffing, charting, scheduling...)")
        PATIENTS = "patients", _("For patients (housing, food, transport...)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    statement = models.TextField(_("the problem"), max_length=4000)
    # As long as the formal ask (FormalAsk.text), which starts as this text: one limit for "the ask".
    ask = models.TextField(_("what we ask for"), max_length=4000)
    scope = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("who can join")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title


class CampaignMember(models.Model):
    """Members join under their own name: organising is public by design."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="members", verbose_name=_("campaign")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    joined_at = models.DateTimeField(_("joined at"))

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="one_membership_per_campaign")
        ]
        verbose_name = _("campaign member")
        verbose_name_plural = _("campaign members")

    def __str__(self) -> str:
        return f"{self.user_id} in {self.campaign_id}"


class CampaignUpdate(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="updates", verbose_name=_("campaign")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("text"), max_length=2000)
    at = models.DateTimeField(_("posted at"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")

    def __str__(self) -> str:
        return f"Update on {self.campaign_id}"


class CampaignMeeting(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("campaign")
    )
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200)
    agenda = models.TextField(_("agenda"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("campaign meeting")
        verbose_name_plural = _("campaign meetings")

    def __str__(self) -> str:
        return f"Meeting of {self.campaign_id}"


class FormalAsk(models.Model):
    """The campaign's ask, sent to the leaders accountable for its scope, on the concerns' clock."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent, waiting for acknowledgment")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ANSWERED = "answered", pgettext_lazy("a formal ask", "Answered")
        # The campaign closed before an answer (its last member left, or it was closed): leaders
        # no longer have it waiting for them.
        WITHDRAWN = "withdrawn", _("Withdrawn: the campaign closed")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        WORKING = "working", _("Being worked on")
        DECLINED = "declined", _("Declined")

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="formal_ask", verbose_name=_("campaign")
    )
    text = models.TextField(_("text"), max_length=4000)
    to_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent to"),
        help_text=_("The unit whose leaders must acknowledge and answer the ask."),
    )
    members_at_sending = models.PositiveIntegerField(
        _("members when sent"), help_text=_("How many people had joined the campaign when the ask was sent.")
    )
    sent_at = models.DateTimeField(_("sent at"))
    ack_due_on = models.DateField(
        _("acknowledgment due on"), help_text=_("Leaders must acknowledge the ask by this day.")
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.SENT)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("formal ask")
        verbose_name_plural = _("formal asks")

    def __str__(self) -> str:
        return f"Ask of {self.campaign_id}"
