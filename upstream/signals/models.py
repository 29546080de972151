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

    scope = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("unit"),
        help_text=_("The unit with everything below it."),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="signals", verbose_name=_("theme")
    )
    raised_on = models.DateField(_("raised on"))
    started_on = models.DateField(_("started on"), help_text=_("Where the rise most likely began."))
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"), help_text=_("How many days of concerns were counted.")
    )
    observed = models.PositiveIntegerField(_("observed"), help_text=_("Concerns on the theme in the window."))
    expected = models.FloatField(
        _("expected"), help_text=_("How many the months before would lead one to expect in the window.")
    )
    p_value = models.FloatField(
        _("p-value"), help_text=_("How likely so many would be by chance alone; smaller is stronger.")
    )

    class Source(models.TextChoices):
        CONCERNS = "concerns", _("Concerns")
        SURVEYS = "surveys", _("Survey comments")
        BOTH = "both", _("Concerns and survey comments")

    message = models.TextField(
        _("message"), help_text=_("The sentence in English as written when found; pages write it anew.")
    )
    source = models.CharField(
        _("counted from"),
        max_length=10,
        choices=Source.choices,
        default=Source.CONCERNS,
        help_text=_("Whether the rise is made of concerns, survey comments or both."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("noted by"),
        help_text=_("From before leaders noted early warnings each for themselves."),
    )

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-raised_on", "-observed"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "theme", "raised_on"], name="one_signal_per_scope_theme_day"
            )
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def sentence(self) -> str:
        """The warning in the reader's language, from the stored figures (upstream/signals/wording.py)."""
        from upstream.signals.wording import warning_sentence

        return warning_sentence(
            observed=self.observed,
            expected=self.expected,
            window_days=self.window_days,
            theme=self.theme.label,
            scope=self.scope.name,
            source=self.source,
            until=self.raised_on,
        )


class SignalNote(models.Model):
    """A leader noted an early warning: it leaves their inbox, not anyone else's. Kept as history."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="notes", verbose_name=_("early warning")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("leader")
    )
    noted_at = models.DateTimeField(_("noted at"))

    class Meta:
        verbose_name = _("early-warning note")
        verbose_name_plural = _("early-warning notes")
        ordering = ["noted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["signal", "leader"], name="one_note_per_leader")]

    def __str__(self) -> str:
        return f"{self.leader_id} noted {self.signal_id}"
