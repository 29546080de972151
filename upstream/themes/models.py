"""The taxonomy of systemic drivers, each concern's themes, leaders' corrections and embeddings."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.concerns.models import Concern
from upstream.themes.names import theme_label

UNCLEAR = "unclear"


class Theme(models.Model):
    """A systemic driver of distress (or of what helps). Shipped as data, editable in the admin."""

    key = models.SlugField(
        _("key"), max_length=64, unique=True, help_text=_("Stable identifier used by imports and the API.")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(
        _("description"), help_text=_("Plain words; also what zero-shot classification matches against.")
    )
    factor = models.CharField(
        _("factor"), max_length=200, help_text=_("Where it sits in the NAM model or the widened framework.")
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired themes are no longer assigned to new concerns.")
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the reader's language while it is the shipped one (upstream/themes/names.py);
        a name an operator changed is shown as written. The API keeps the stored ``name``."""
        return theme_label(self.key, self.name)


class ConcernTheme(models.Model):
    """A theme assigned to a concern, by the model or by a leader's correction.

    Random ids and no timestamps: rows are written during the anonymous submission, so a sequence
    would reveal the order in which concerns arrived.
    """

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="themes", verbose_name=_("concern")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="concern_themes", verbose_name=_("theme")
    )
    score = models.FloatField(_("score"), help_text=_("How closely the concern matches the theme."))
    primary = models.BooleanField(_("primary"), default=False)
    corrected = models.BooleanField(
        _("corrected"), default=False, help_text=_("Set by a leader, not the model.")
    )

    class Meta:
        verbose_name = _("concern theme")
        verbose_name_plural = _("concern themes")
        ordering = ["-primary", "-score"]
        constraints = [models.UniqueConstraint(fields=["concern", "theme"], name="one_row_per_concern_theme")]

    def __str__(self) -> str:
        return f"{self.theme_id} on {self.concern_id}"


class ConcernEmbedding(models.Model):
    """The text model's vector for a concern, for finding similar concerns. Dropped with the concern."""

    concern = models.OneToOneField(
        Concern,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="embedding",
        verbose_name=_("concern"),
    )
    backend = models.CharField(
        _("text model"), max_length=40, help_text=_("The text model that made the vector.")
    )
    vector = models.BinaryField(_("vector"))

    class Meta:
        verbose_name = _("concern embedding")
        verbose_name_plural = _("concern embeddings")

    def __str__(self) -> str:
        return f"{self.backend} vector for {self.concern_id}"


class Correction(models.Model):
    """A leader's correction of a concern's themes: recorded, and used in the next training run."""

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="theme_corrections", verbose_name=_("concern")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("leader"),
    )
    primary = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="+", verbose_name=_("primary theme")
    )
    secondary = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("secondary themes")
    )
    previous = models.CharField(
        _("previous primary theme"), max_length=64, help_text=_("The primary theme before the correction.")
    )
    at = models.DateTimeField(_("corrected at"))

    class Meta:
        verbose_name = _("theme correction")
        verbose_name_plural = _("theme corrections")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.previous} -> {self.primary_id} on {self.concern_id}"
