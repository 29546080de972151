"""Early-warning signals: a rise in one theme in one part of the organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.org.models import Unit
from upstream.themes.models import Theme


class Signal(models.Model):
    """A rise the nightly job found. Leaders note it each for themselves (SignalNote): one
    leader's "noted" never hides it from another."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        NOTED = "noted", _("Noted")  # before per-leader notes; migration 0002 turned these into notes

    scope = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="signals")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="signals")
    raised_on = models.DateField()
    started_on = models.DateField(help_text="Where the rise most likely began.")
    window_days = models.PositiveSmallIntegerField()
    observed = models.PositiveIntegerField()
    expected = models.FloatField()
    p_value = models.FloatField()
    message = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_on", "-observed"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "theme", "raised_on"], name="one_signal_per_scope_theme_day"
            )
        ]

    def __str__(self) -> str:
        return self.message


class SignalNote(models.Model):
    """A leader noted an early warning: it leaves their inbox, not anyone else's. Kept as history."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="notes")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    noted_at = models.DateTimeField()

    class Meta:
        ordering = ["noted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["signal", "leader"], name="one_note_per_leader")]

    def __str__(self) -> str:
        return f"{self.leader_id} noted {self.signal_id}"
