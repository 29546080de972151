"""Summary tables the dashboards read, rebuilt from the concerns by a task (summary.py).

A row is one cell of a fixed lattice: a scope (a unit and everything below it), a theme ("" for
every theme), a period (a calendar quarter "2026-Q3" or a year "2026") and a role group ("" for
every role). `hidden` is decided at refresh for the whole lattice at once (privacy.suppress along
themes, roles, sibling units and the quarters of a year), so no choice of filters on a page can
subtract its way to a small group. Pages read a few hundred rows, never the concerns.
"""

from __future__ import annotations

from django.db import models

from upstream.org.models import Unit

ALL = ""  # every theme / every role group
UNCLEAR = "unclear"


class ConcernSummary(models.Model):
    scope = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(max_length=64, blank=True)
    period = models.CharField(max_length=7)
    role_group = models.CharField(max_length=32, blank=True)
    concerns = models.PositiveIntegerField()
    acknowledged = models.PositiveIntegerField(default=0)
    acknowledged_on_time = models.PositiveIntegerField(default=0)
    ack_days = models.FloatField(default=0, help_text="Sum of days from release to acknowledgment.")
    actioned = models.PositiveIntegerField(
        default=0, help_text="Reached 'action taken' or linked to an action."
    )
    action_days = models.FloatField(default=0, help_text="Sum of days from release to action.")
    # The same two sums exactly, in microseconds, so a year adds up its quarters exactly and an
    # incremental refresh gives the very table a full rebuild gives (summary.py).
    ack_micros = models.BigIntegerField(default=0)
    action_micros = models.BigIntegerField(default=0)
    hidden = models.BooleanField(
        default=False, help_text="Suppressed: too few, or would reveal a cell that is."
    )

    class Meta:
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

    finished_at = models.DateTimeField()
    cells = models.PositiveIntegerField()
    seconds = models.FloatField()
    # The `now` the figures were computed for: concerns released after it are new next time.
    watermark = models.DateTimeField(null=True, blank=True)
    full = models.BooleanField(default=True, help_text="A full rebuild (False: only what changed).")
    tree = models.CharField(max_length=64, blank=True, help_text="Digest of the unit tree it was built on.")

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

    metric = models.CharField(max_length=16)
    scope = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    role_group = models.CharField(max_length=32, blank=True)
    wave = models.ForeignKey(
        "surveys.Wave", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    instrument = models.CharField(max_length=64, blank=True)
    score = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField()
    extra = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    hidden = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["scope", "metric", "role_group", "period"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.scope_id} {self.period} {self.role_group or '*'}: {self.count}"


class DirtyDay(models.Model):
    """A unit and a day whose concerns changed since the last refresh (summary.refresh_changed).

    A day, never a time: the same grain the concerns already carry (received_on). Rows are
    deleted by the refresh that reads them. The unit and the day are the key: an id from a
    sequence would move at every release (docs/anonymity.md, M23)."""

    pk = models.CompositePrimaryKey("unit", "day")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"
