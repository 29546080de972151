"""Stories staff share for a session or their unit, moderated before anyone sees them.

A named story carries its author. An anonymous one is written only by the intake's release handler:
random id, the batch day, no author, no time, and `urgent` read from its own text at the release.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.community.models.gatherings import Gathering
from upstream.org.models import Unit


class Story(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Shared")
        REJECTED = "rejected", _("Not shared")

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=8000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
        help_text=_("Empty for an anonymous story."),
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    gathering = models.ForeignKey(
        Gathering,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("gathering"),
        help_text=_("The session it was shared for, if any."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # Set when the crisis screen flags the title or the story: for a named story as it is shared,
    # for an anonymous one at its batch's release (from the text, which the row holds anyway).
    # A yes/no only: no time, no words. Cleared when it is moderated.
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Its words suggested crisis; the moderators read it first."),
    )
    submitted_on = models.DateField(_("submitted on"))
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_on", "id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title
