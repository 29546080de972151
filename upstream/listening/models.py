"""Listening sessions (focus groups, town halls) and their turns, stored only after names are redacted."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
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

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.FOCUS_GROUP)
    held_on = models.DateField()
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="listening_sessions")
    guide_used = models.BooleanField(default=False, help_text="Run with Upstream's discussion guide.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %b %Y})"


class Turn(models.Model):
    """One speaker's turn. Speakers are known by role and a numbered label, never by name.

    Random ids: turn order is kept in `position`, and ids give nothing away about other sessions.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(ListeningSession, on_delete=models.CASCADE, related_name="turns")
    position = models.PositiveIntegerField()
    speaker_role = models.CharField(max_length=32, choices=SPEAKER_ROLES)
    speaker_label = models.CharField(
        max_length=60, help_text="Like 'Resident 2'; only used to count distinct speakers. Never a name."
    )
    text = models.TextField(help_text="Already redacted.")
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listening_turns",
        help_text="Primary theme; empty when unclear or not coded (facilitator turns).",
    )
    score = models.FloatField(default=0.0, help_text="The model's score for the primary theme.")
    secondary = models.JSONField(default=list, blank=True, help_text="Other themes: [{key, score}].")
    crisis = models.BooleanField(default=False, help_text="Language that may signal crisis.")

    class Meta:
        ordering = ["session", "position"]
        constraints = [models.UniqueConstraint(fields=["session", "position"], name="one_turn_per_position")]

    def __str__(self) -> str:
        return f"{self.speaker_label} #{self.position}"

    @property
    def coded(self) -> bool:
        return self.speaker_role != FACILITATOR
