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
    hidden = models.BooleanField(
        default=False, help_text="Suppressed: too few, or would reveal a cell that is."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "period", "theme", "role_group"], name="one_summary_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_id} {self.period} {self.theme or '*'} {self.role_group or '*'}: {self.concerns}"


class SummaryRefresh(models.Model):
    """When the summaries were last rebuilt, shown on the dashboards."""

    finished_at = models.DateTimeField()
    cells = models.PositiveIntegerField()
    seconds = models.FloatField()

    def __str__(self) -> str:
        return f"Summaries rebuilt {self.finished_at:%Y-%m-%d %H:%M} ({self.cells} cells)"
