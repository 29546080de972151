"""What leaders did about concerns: the "you said, we did" board."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upstream.concerns.models import Concern
from upstream.org.models import Unit


class Action(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    scope = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("shown to"),
        help_text=_("The unit whose staff see it on the board once it is published."),
    )
    concerns = models.ManyToManyField(
        Concern,
        related_name="actions",
        blank=True,
        verbose_name=_("concerns"),
        help_text=_("The concerns this action answers."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, help_text=_("Percent done, 0 to 100.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # A concern's page lists the newest actions of each scope that covers its unit
            # (services.link_choices): one short range per scope, however many actions there are.
            models.Index(fields=["scope", "-created_at", "-id"], name="action_scope_newest"),
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action")
    )
    text = models.TextField(_("text"))
    progress = models.PositiveSmallIntegerField(
        _("progress"),
        null=True,
        blank=True,
        help_text=_("Percent done after this update; empty if unchanged."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    at = models.DateTimeField(_("posted at"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        # Shown as the row title of the admin's update list, so it is in the operator's language.
        return gettext("Update on %(action)s: %(text)s") % {"action": self.action_id, "text": self.text[:40]}
