"""The taxonomy of systemic drivers, each concern's themes, leaders' corrections and embeddings."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from upstream.concerns.models import Concern

UNCLEAR = "unclear"


class Theme(models.Model):
    """A systemic driver of distress (or of what helps). Shipped as data, editable in the admin."""

    key = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(
        help_text="Plain words; also what zero-shot classification matches against."
    )
    factor = models.CharField(
        max_length=200, help_text="Where it sits in the NAM model or the widened framework."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConcernTheme(models.Model):
    """A theme assigned to a concern, by the model or by a leader's correction.

    Random ids and no timestamps: rows are written during the anonymous submission, so a sequence
    would reveal the order in which concerns arrived.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="concern_themes")
    score = models.FloatField()
    primary = models.BooleanField(default=False)
    corrected = models.BooleanField(default=False, help_text="Set by a leader, not the model.")

    class Meta:
        ordering = ["-primary", "-score"]
        constraints = [models.UniqueConstraint(fields=["concern", "theme"], name="one_row_per_concern_theme")]

    def __str__(self) -> str:
        return f"{self.theme_id} on {self.concern_id}"


class ConcernEmbedding(models.Model):
    """The text model's vector for a concern, for finding similar concerns. Dropped with the concern."""

    concern = models.OneToOneField(
        Concern, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    backend = models.CharField(max_length=40)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.backend} vector for {self.concern_id}"


class Correction(models.Model):
    """A leader's correction of a concern's themes: recorded, and used in the next training run."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="theme_corrections")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    primary = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    secondary = models.ManyToManyField(Theme, blank=True, related_name="+")
    previous = models.CharField(max_length=64, help_text="The primary theme before the correction.")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.previous} -> {self.primary_id} on {self.concern_id}"
