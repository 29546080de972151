"""Listening sessions (focus groups, town halls) and their turns, stored only after names are redacted."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from upstream.org.models import RoleGroup, Unit
from upstream.themes.models import Theme

FACILITATOR = "facilitator"
SPEAKER_ROLES = [*RoleGroup.choices, (FACILITATOR, _("Facilitator"))]


class SessionKind(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    TOWN_HALL = "town_hall", _("Town hall")


class ListeningSession(models.Model):
    """A discussion held by the well-being office. Not anonymous itself: leaders run it openly."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.FOCUS_GROUP
    )
    held_on = models.DateField(_("held on"))
    scope = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="listening_sessions",
        verbose_name=_("unit"),
        help_text=_("The unit whose staff took part, with everything below it."),
    )
    guide_used = models.BooleanField(
        _("guide used"), default=False, help_text=_("Run with Upstream's discussion guide.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))
    review_id = models.CharField(
        _("review id"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The upload's review this session was confirmed from: a second confirm of it finds this session."
        ),
    )

    coded = models.BooleanField(
        _("coded"),
        default=True,
        help_text=_(
            "Every participant turn has been read by the theme model. False while a long session "
            "waits for its background task."
        ),
    )

    class Meta:
        verbose_name = _("listening session")
        verbose_name_plural = _("listening sessions")
        ordering = ["-held_on", "-created_at"]
        indexes = [
            # The daily purge (concerns/batches.py _purge_listening): every session held before the
            # retention cutoff. A plain index, as for concerns: the purge reads the few sessions that
            # passed the cutoff since yesterday instead of every session.
            models.Index(fields=["held_on"], name="session_retention_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({date_format(self.held_on)})"  # the month in the reader's language


class Turn(models.Model):
    """One speaker's turn. Speakers are known by role and a numbered label, never by name.

    Random ids: turn order is kept in `position`, and ids give nothing away about other sessions.
    """

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        ListeningSession, on_delete=models.CASCADE, related_name="turns", verbose_name=_("session")
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("Order within the session."))
    speaker_role = models.CharField(_("speaker role"), max_length=32, choices=SPEAKER_ROLES)
    speaker_label = models.CharField(
        _("speaker label"),
        max_length=60,
        help_text=_("Like 'Resident 2'; only used to count distinct speakers. Never a name."),
    )
    text = models.TextField(_("text"), help_text=_("Already redacted."))
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listening_turns",
        verbose_name=_("theme"),
        help_text=_("Primary theme; empty when unclear or not coded (facilitator turns)."),
    )
    score = models.FloatField(
        _("score"), default=0.0, help_text=_("The model's score for the primary theme.")
    )
    secondary = models.JSONField(
        _("other themes"),
        default=list,
        blank=True,
        help_text=_("Other themes the model found, each with its score."),
    )
    crisis = models.BooleanField(_("crisis"), default=False, help_text=_("Language that may signal crisis."))

    class Meta:
        verbose_name = _("speaker turn")
        verbose_name_plural = _("speaker turns")
        ordering = ["session", "position"]
        constraints = [models.UniqueConstraint(fields=["session", "position"], name="one_turn_per_position")]

    def __str__(self) -> str:
        return f"{self.speaker_label} #{self.position}"

    @property
    def coded(self) -> bool:
        return self.speaker_role != FACILITATOR
