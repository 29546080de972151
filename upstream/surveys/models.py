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
from django.utils.translation import pgettext_lazy

from upstream.org.models import RoleGroup, Unit, User
from upstream.surveys.instruments import Instrument as InstrumentSpec
from upstream.surveys.instruments import parse_instrument


class Instrument(models.Model):
    """A stored instrument definition: a shipped file, or one an organisation loaded under its own license."""

    key = models.SlugField(_("key"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"), help_text=_("The items, scales and scoring, as loaded."))
    shipped = models.BooleanField(
        _("shipped"), default=False, help_text=_("Comes with Upstream (not loaded by the organisation).")
    )
    loaded_on = models.DateField(_("loaded on"))
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive instruments are not offered for new waves.")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
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
    CANCELLED = "cancelled", pgettext_lazy("a survey wave", "Cancelled")


class Series(models.Model):
    """A wave that repeats every N weeks; the daily job creates the next wave from it."""

    title = models.CharField(_("title"), max_length=200)
    every_weeks = models.PositiveSmallIntegerField(_("every (weeks)"))
    open_days = models.PositiveSmallIntegerField(_("open for (days)"))
    next_opens_on = models.DateField(_("next opens on"))
    units = models.ManyToManyField(Unit, related_name="+", verbose_name=_("units"))
    role_groups = models.JSONField(
        _("role groups"), default=list, blank=True, help_text=_("Empty means every role group.")
    )
    instruments = models.ManyToManyField(Instrument, related_name="+", verbose_name=_("instruments"))
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive series create no more waves.")
    )
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("survey series")
        verbose_name_plural = _("survey series")

    def __str__(self) -> str:
        return f"{self.title} (every {self.every_weeks} weeks)"


class Wave(models.Model):
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    units = models.ManyToManyField(Unit, related_name="survey_waves", verbose_name=_("units"))
    role_groups = models.JSONField(
        _("role groups"), default=list, blank=True, help_text=_("Empty means every role group.")
    )
    instruments = models.ManyToManyField(Instrument, related_name="waves", verbose_name=_("instruments"))
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waves",
        verbose_name=_("series"),
    )
    requested_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    invited = models.PositiveIntegerField(_("people invited"), default=0)
    invitations_sent_on = models.DateField(_("invitations sent on"), null=True, blank=True)
    reminders_sent_on = models.DateField(_("reminders sent on"), null=True, blank=True)
    # "Close now" makes today the last day and stops answers at once: the last answers then wait
    # for tomorrow's release, as a wave's last-day answers always do, and the results appear with
    # them (a wave given yesterday as its last day would show results before today's answers land).
    closed_early = models.BooleanField(
        _("closed early"),
        default=False,
        help_text=_("The office closed it before its last day ended; it takes no more answers."),
    )
    created_on = models.DateField(_("created on"))

    class Meta:
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today) -> bool:  # type: ignore[no-untyped-def]
        return (
            self.status == Status.SCHEDULED
            and not self.closed_early
            and self.opens_on <= today <= self.closes_on
        )

    def has_closed(self, today) -> bool:  # type: ignore[no-untyped-def]
        """Scheduled, and past its last day or closed early by the office: it takes no more answers."""
        return self.status == Status.SCHEDULED and (self.closed_early or self.closes_on < today)

    def state_on(self, today) -> str:  # type: ignore[no-untyped-def]
        """What the manage page says of the wave today: `closed` (past its last day or closed early),
        `open` (scheduled and its first day has come), else its status (`scheduled`, `requested`,
        `cancelled`)."""
        if self.has_closed(today):
            return "closed"
        if self.status == Status.SCHEDULED and self.opens_on <= today:
            return "open"
        return str(self.status)


class Invitation(models.Model):
    """Who: a person was invited to a wave and (maybe) answered it, to the day. Nothing about what."""

    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("wave")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="survey_invitations", verbose_name=_("person")
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [models.UniqueConstraint(fields=["wave", "user"], name="one_invitation_per_wave")]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.wave}"


class Response(models.Model):
    """What: one person's answers, with no person, session or time finer than the release day."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses", verbose_name=_("wave"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    role_group = models.CharField(_("role group"), max_length=32, choices=RoleGroup.choices, blank=True)
    released_on = models.DateField(
        _("released on"), help_text=_("Day of the release batch, not of the answer.")
    )
    # {item_key: value} and {instrument_key: {score_key: value or null}}
    answers = models.JSONField(_("answers"))
    scores = models.JSONField(_("scores"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["wave", "unit"])]

    def __str__(self) -> str:
        return f"answer to {self.wave_id}"


class Comment(models.Model):
    """An optional comment, kept apart from the answers it came with (nothing joins them)."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="comments", verbose_name=_("wave"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    role_group = models.CharField(_("role group"), max_length=32, choices=RoleGroup.choices, blank=True)
    released_on = models.DateField(
        _("released on"), help_text=_("Day of the release batch, not of the answer.")
    )
    text = models.TextField(_("text"))
    theme = models.CharField(
        _("theme"), max_length=64, blank=True, help_text=_("Key of the theme the model assigned.")
    )
    crisis = models.BooleanField(
        _("crisis"), default=False, help_text=_("The crisis screen flagged the text.")
    )

    class Meta:
        verbose_name = _("survey comment")
        verbose_name_plural = _("survey comments")

    def __str__(self) -> str:
        return f"comment on {self.wave_id}"


class SuppressionMemo(models.Model):
    """A results table's suppression, remembered under a digest of the exact table (counts per atom
    and the atoms of each cell). The search behind it takes seconds for the whole organisation; a
    closed wave's table does not change, so it is done once (by the daily job, or the first viewer)
    and shared by every process. Holds only which cells are shown and their counts, all derivable
    from the released answers; nothing about any person, and the day it was computed."""

    digest = models.CharField(_("digest"), max_length=64, primary_key=True)
    result = models.JSONField(_("result"))
    computed_on = models.DateField(_("computed on"))

    class Meta:
        verbose_name = _("suppression memo")
        verbose_name_plural = _("suppression memos")

    def __str__(self) -> str:
        return f"suppression {self.digest[:12]}"
