"""Schwartz Rounds, story sessions and community events, with capacity and a waiting list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.org.models import Unit


class Gathering(models.Model):
    class Kind(models.TextChoices):
        SCHWARTZ = "schwartz_round", _("Schwartz Round")
        STORY = "story_session", _("Story session")
        COMMUNITY = "community_event", _("Community event")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    scope = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("who is invited")
    )
    location = models.CharField(_("where"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # When it was called off: the page says so, and the calendar file's DTSTAMP is this moment, so
    # calendar apps take the file as a newer revision of the event they imported.
    cancelled_at = models.DateTimeField(_("called off at"), null=True, blank=True)
    reminded = models.BooleanField(
        _("reminded"), default=False, help_text=_("The day-before reminder went out.")
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def __str__(self) -> str:
        return self.title


class Signup(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="signups", verbose_name=_("gathering")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The waiting list is served in this order; re-joining after cancelling goes to the back.
    queued_at = models.DateTimeField(
        _("queued at"),
        help_text=_("The waiting list is served in this order; signing up again goes to the back."),
    )

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["gathering", "user"], name="one_signup_per_person")]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} for {self.gathering_id}"
