"""Thanks between colleagues: named, short, shown in the unit's feed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.org.models import Unit


class Recognition(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    # Either a colleague or a whole team; the feed unit is where it is shown.
    to_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thanks",
        verbose_name=_("to a colleague"),
    )
    to_team = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("to a team")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("shown in"),
        help_text=_("The unit whose feed shows it."),
    )
    text = models.CharField(_("thanks"), max_length=280)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_person__isnull=False) | models.Q(to_team__isnull=False),
                name="recognition_has_a_recipient",
            )
        ]
        verbose_name = _("thank-you note")
        verbose_name_plural = _("thank-you notes")

    def __str__(self) -> str:
        return f"Thanks to {self.to_person or self.to_team}"
