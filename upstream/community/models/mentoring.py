"""Mentoring: profiles, proposed matches with their reasons, acceptance by both, and meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CareerStage(models.TextChoices):
    TRAINEE = "trainee", _("Student or trainee")
    EARLY = "early", _("Early career (under 5 years)")
    MID = "mid", _("Mid career (5 to 15 years)")
    SENIOR = "senior", _("Senior (over 15 years)")


STAGE_ORDER = {CareerStage.TRAINEE: 0, CareerStage.EARLY: 1, CareerStage.MID: 2, CareerStage.SENIOR: 3}


class MentorProfile(models.Model):
    class Wants(models.TextChoices):
        MENTOR = "mentor", _("To mentor")
        MENTEE = "mentee", _("To be mentored")
        BOTH = "both", _("Both")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name=_("person"),
    )
    wants = models.CharField(_("I would like"), max_length=6, choices=Wants.choices)
    career_stage = models.CharField(_("career stage"), max_length=8, choices=CareerStage.choices)
    interests = models.JSONField(_("interests"), default=list)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Considered for new matches."))

    class Meta:
        verbose_name = _("mentoring profile")
        verbose_name_plural = _("mentoring profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.wants})"


class MentorMatch(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", pgettext_lazy("a mentoring match", "Active")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    score = models.FloatField(
        _("score"), help_text=_("How well the pair fits (shared interests, career gap); higher is better.")
    )
    # Codes and values ({"code": "career_gap", "mentor_stage": ..., ...}), never sentences: each side
    # reads them worded for itself, in its own language (services.mentoring_reasons).
    reasons = models.JSONField(
        _("reasons"),
        default=list,
        help_text=_("Why the pair was proposed, as codes; each side reads them in its own words."),
    )
    mentor_accepted = models.BooleanField(_("mentor accepted"), default=False)
    mentee_accepted = models.BooleanField(_("mentee accepted"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["mentor", "mentee"], name="one_match_per_pair")]
        verbose_name = _("mentoring match")
        verbose_name_plural = _("mentoring matches")

    def __str__(self) -> str:
        return f"{self.mentor_id} mentors {self.mentee_id} ({self.status})"


class MentoringMeeting(models.Model):
    match = models.ForeignKey(
        MentorMatch, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mentoring match")
    )
    on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=500, blank=True, help_text=_("Seen only by the pair."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")

    def __str__(self) -> str:
        return f"Meeting of {self.match_id} on {self.on}"
