"""Pulse surveys: instruments, waves, who was invited (and answered), and what was answered.

Who and what live apart with nothing to join on (DESIGN.md rule 6): `Invitation` knows a person
and a wave and the day they answered; `Response` and `Comment` know a wave, a unit, a role group and
the day of the release batch that wrote them, with random ids. Responses are written only by the
intake's release handler (release.py), in shuffled batches.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.org.models import RoleGroup, Unit, User
from upstream.surveys.instruments import Instrument as InstrumentSpec
from upstream.surveys.instruments import parse_instrument


class Instrument(models.Model):
    """A stored instrument definition: a shipped file, or one an organisation loaded under its own license."""

    key = models.SlugField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    definition = models.JSONField()
    shipped = models.BooleanField(default=False)
    loaded_on = models.DateField()
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="one_instrument_version")]
        ordering = ["key", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def spec(self) -> InstrumentSpec:
        cached = getattr(self, "_spec", None)
        if cached is None:
            cached = parse_instrument(self.definition, source=self.key)
            self._spec = cached
        return cached


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested by a leader")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Series(models.Model):
    """A wave that repeats every N weeks; the daily job creates the next wave from it."""

    title = models.CharField(max_length=200)
    every_weeks = models.PositiveSmallIntegerField()
    open_days = models.PositiveSmallIntegerField()
    next_opens_on = models.DateField()
    units = models.ManyToManyField(Unit, related_name="+")
    role_groups = models.JSONField(default=list, blank=True)
    instruments = models.ManyToManyField(Instrument, related_name="+")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return f"{self.title} (every {self.every_weeks} weeks)"


class Wave(models.Model):
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    opens_on = models.DateField()
    closes_on = models.DateField()
    units = models.ManyToManyField(Unit, related_name="survey_waves")
    # Empty means every role group.
    role_groups = models.JSONField(default=list, blank=True)
    instruments = models.ManyToManyField(Instrument, related_name="waves")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="waves")
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    invited = models.PositiveIntegerField(default=0)
    invitations_sent_on = models.DateField(null=True, blank=True)
    reminders_sent_on = models.DateField(null=True, blank=True)
    created_on = models.DateField()

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today) -> bool:  # type: ignore[no-untyped-def]
        return self.status == Status.SCHEDULED and self.opens_on <= today <= self.closes_on


class Invitation(models.Model):
    """Who: a person was invited to a wave and (maybe) answered it, to the day. Nothing about what."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="survey_invitations")
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "user"], name="one_invitation_per_wave")]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.wave}"


class Response(models.Model):
    """What: one person's answers, with no person, session or time finer than the release day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    role_group = models.CharField(max_length=32, choices=RoleGroup.choices, blank=True)
    released_on = models.DateField()
    # {item_key: value} and {instrument_key: {score_key: value or null}}
    answers = models.JSONField()
    scores = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["wave", "unit"])]

    def __str__(self) -> str:
        return f"answer to {self.wave_id}"


class Comment(models.Model):
    """An optional comment, kept apart from the answers it came with (nothing joins them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    role_group = models.CharField(max_length=32, choices=RoleGroup.choices, blank=True)
    released_on = models.DateField()
    text = models.TextField()
    theme = models.CharField(max_length=64, blank=True)
    crisis = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"comment on {self.wave_id}"


class SuppressionMemo(models.Model):
    """A results table's suppression, remembered under a digest of the exact table (counts per atom
    and the atoms of each cell). The search behind it takes seconds for the whole organisation; a
    closed wave's table does not change, so it is done once (by the daily job, or the first viewer)
    and shared by every process. Holds only which cells are shown and their counts, all derivable
    from the released answers; nothing about any person, and the day it was computed."""

    digest = models.CharField(max_length=64, primary_key=True)
    result = models.JSONField()
    computed_on = models.DateField()

    def __str__(self) -> str:
        return f"suppression {self.digest[:12]}"
