"""What leaders did about concerns: the "you said, we did" board."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.concerns.models import Concern
from upstream.org.models import Unit


class Action(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=200)
    description = models.TextField()
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="actions")
    concerns = models.ManyToManyField(Concern, related_name="actions", blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done, 0 to 100."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.action_id}: {self.text[:40]}"
