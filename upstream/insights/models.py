"""Summary tables the dashboards read, rebuilt from the concerns by a task (summary.py).

A row is one cell of a fixed lattice: a scope (a unit and everything below it), a theme ("" for
every theme), a period (a calendar quarter "2026-Q3" or a year "2026") and a role group ("" for
every role). `hidden` is decided at refresh for the whole lattice at once (privacy.suppress along
themes, roles, sibling units and the quarters of a year), so no choice of filters on a page can
subtract its way to a small group. Pages read a few hundred rows, never the concerns.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from upstream.org.models import Unit

ALL = ""  # every theme / every role group
UNCLEAR = "unclear"

SCOPE_HELP = _("The unit with everything below it.")
PERIOD_HELP = _("A quarter such as 2026-Q3, or a year such as 2026.")
ROLE_GROUP_HELP = _("Empty for every role group.")
EXACT_SUM_HELP = _("The same sum exactly, so a year adds up its quarters.")


class ConcernSummary(models.Model):
    scope = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"), help_text=SCOPE_HELP
    )
    theme = models.CharField(_("theme"), max_length=64, blank=True, help_text=_("Empty for every theme."))
    period = models.CharField(_("period"), max_length=7, help_text=PERIOD_HELP)
    role_group = models.CharField(_("role group"), max_length=32, blank=True, help_text=ROLE_GROUP_HELP)
    concerns = models.PositiveIntegerField(_("concerns"))
    acknowledged = models.PositiveIntegerField(_("acknowledged"), default=0)
    acknowledged_on_time = models.PositiveIntegerField(_("acknowledged on time"), default=0)
    # The share acknowledged on time is of these: a concern still within its deadline has no
    # outcome yet, so it counts neither as on time nor as missed.
    acknowledgment_due = models.PositiveIntegerField(
        _("acknowledgment decided"),
        default=0,
        help_text=_("Acknowledged (on time or late), or unacknowledged past the deadline, at the refresh."),
    )
    ack_days = models.FloatField(
        _("days to acknowledgment (sum)"),
        default=0,
        help_text=_("Sum of days from release to acknowledgment."),
    )
    actioned = models.PositiveIntegerField(
        _("acted on"), default=0, help_text=_("Reached 'action taken' or linked to an action.")
    )
    action_days = models.FloatField(
        _("days to action (sum)"), default=0, help_text=_("Sum of days from release to action.")
    )
    # The same two sums exactly, in microseconds, so a year adds up its quarters exactly and an
    # incremental refresh gives the very table a full rebuild gives (summary.py).
    ack_micros = models.BigIntegerField(
        _("time to acknowledgment (sum, microseconds)"), default=0, help_text=EXACT_SUM_HELP
    )
    action_micros = models.BigIntegerField(
        _("time to action (sum, microseconds)"), default=0, help_text=EXACT_SUM_HELP
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Suppressed: too few, or would reveal a cell that is.")
    )

    class Meta:
        verbose_name = _("concern summary")
        verbose_name_plural = _("concern summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "period", "theme", "role_group"], name="one_summary_cell"
            )
        ]
        indexes = [models.Index(fields=["period"], name="summary_by_period")]

    def __str__(self) -> str:
        return f"{self.scope_id} {self.period} {self.theme or '*'} {self.role_group or '*'}: {self.concerns}"


class SummaryRefresh(models.Model):
    """When the summaries were last rebuilt, shown on the dashboards."""

    finished_at = models.DateTimeField(_("finished at"))
    cells = models.PositiveIntegerField(_("rows written"))
    seconds = models.FloatField(_("seconds taken"))
    # The `now` the figures were computed for: concerns released after it are new next time.
    watermark = models.DateTimeField(
        _("figures as of"),
        null=True,
        blank=True,
        help_text=_("Concerns released after this are counted by the next refresh."),
    )
    full = models.BooleanField(
        _("full rebuild"), default=True, help_text=_("A full rebuild (unticked: only what changed).")
    )
    tree = models.CharField(
        _("unit tree digest"),
        max_length=64,
        blank=True,
        help_text=_("Digest of the unit tree it was built on."),
    )

    class Meta:
        verbose_name = _("summary refresh")
        verbose_name_plural = _("summary refreshes")

    def __str__(self) -> str:
        return f"Summaries rebuilt {self.finished_at:%Y-%m-%d %H:%M} ({self.cells} cells)"


class ActivitySummary(models.Model):
    """Counts beside the concerns, built by the same refresh with the same suppression lattice.

    `metric` is one of METRICS, or "survey" for one score of one wave (`wave`, `instrument`,
    `score`; `period` is then the quarter the wave closed in). `count` is the people or records
    counted (suppressed); `extra` and `total` are linear in the same people (how many crossed a
    survey cut-off, days to first contact, the sum of scores), so they are shown only where
    `count` is.
    """

    COSIGNS = "cosigns"
    RECOGNITION = "recognition"
    PEER = "peer"
    PEER_CONTACTED = "peer_contacted"
    SURVEY = "survey"

    metric = models.CharField(
        _("measure"),
        max_length=16,
        help_text=_(
            "What is counted: co-signs, recognition, peer support, peer contacts, or a survey score."
        ),
    )
    scope = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"), help_text=SCOPE_HELP
    )
    period = models.CharField(_("period"), max_length=7, help_text=PERIOD_HELP)
    role_group = models.CharField(_("role group"), max_length=32, blank=True, help_text=ROLE_GROUP_HELP)
    wave = models.ForeignKey(
        "surveys.Wave",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("survey wave"),
    )
    instrument = models.CharField(_("survey instrument"), max_length=64, blank=True)
    score = models.CharField(_("survey score"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("count"), help_text=_("The people or records counted."))
    extra = models.PositiveIntegerField(
        _("extra count"),
        default=0,
        help_text=_("For a survey score: how many of those counted crossed its cut-off."),
    )
    total = models.FloatField(
        _("total"),
        default=0,
        help_text=_("The sum of survey scores, or of days to first contact, over those counted."),
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Suppressed: too few, or would reveal a cell that is.")
    )

    class Meta:
        verbose_name = _("activity summary")
        verbose_name_plural = _("activity summaries")
        indexes = [models.Index(fields=["scope", "metric", "role_group", "period"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.scope_id} {self.period} {self.role_group or '*'}: {self.count}"


class DirtyDay(models.Model):
    """A unit and a day whose concerns changed since the last refresh (summary.refresh_changed).

    A day, never a time: the same grain the concerns already carry (received_on). Rows are
    deleted by the refresh that reads them. The unit and the day are the key: an id from a
    sequence would move at every release (docs/anonymity.md, M23)."""

    pk = models.CompositePrimaryKey("unit", "day", verbose_name=_("unit and day"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("changed day")
        verbose_name_plural = _("changed days")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"
