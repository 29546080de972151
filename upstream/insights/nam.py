"""The NAM conceptual model of clinician well-being as a live view (docs/insights.md).

The model's factor groups, each factor mapped to the themes that speak to it (a theme may sit
under several factors, as the taxonomy's `factor` field says). A factor is coloured by the share
of the period's concerns whose main theme maps to it (by the count when the total is hidden), and
by open early warnings; it opens the concerns, signals and actions behind it.
"""

from __future__ import annotations

# ruff: noqa: E501 - the model reads best as a table, one factor per line
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from upstream.insights.dashboard import Filters, placed
from upstream.insights.models import ALL, ConcernSummary
from upstream.privacy.groups import min_group_size

GROUPS = [
    (
        "external",
        _("External factors"),
        [
            ("bureaucracy", _("Level of bureaucracy"), ["admin_burden_ehr"]),
            (
                "mission",
                _("Organisational mission and values"),
                ["resources_equipment", "wellness_program_fit"],
            ),
            (
                "leadership",
                _("Leadership and staff engagement"),
                ["leadership_autonomy", "recognition_growth"],
            ),
            ("data", _("Data-collection requirements"), ["admin_burden_ehr"]),
            ("inclusion_diversity", _("Diversity and inclusion"), ["respect_safety"]),
            ("team", _("The health-care team"), ["workload_staffing", "respect_safety"]),
        ],
    ),
    (
        "personal",
        _("Individual: personal factors"),
        [
            ("connectivity", _("Inclusion and connectivity"), ["isolation_disconnection"]),
            ("family_finance", _("Family dynamics and financial stressors"), ["work_life"]),
            ("meaning", _("Engagement and connection to meaning in work"), ["patient_social_needs"]),
        ],
    ),
    (
        "traits",
        _("Individual: personality traits"),
        [
            ("values", _("Values, ethics and morals"), ["moral_injury"]),
            ("wellbeing", _("Physical, mental and spiritual well-being"), ["mental_health_stigma"]),
            (
                "relationships",
                _("Relationships and social support"),
                ["isolation_disconnection", "positive_connection"],
            ),
            ("work_life", _("Work/life integration"), ["work_life"]),
        ],
    ),
    (
        "skills",
        _("Skills and abilities"),
        [
            ("mentorship", _("Mentorship and clinical competency"), ["recognition_growth"]),
            (
                "workflow",
                _("Optimising workflow and mastering technology"),
                ["admin_burden_ehr", "resources_equipment"],
            ),
            ("resilience", _("Coping and resilience"), ["wellness_program_fit", "mental_health_stigma"]),
        ],
    ),
]
FACTORS = {key: (group, name, themes) for group, _label, factors in GROUPS for key, name, themes in factors}


@dataclass
class Factor:
    key: str
    name: str
    themes: list[str]
    concerns: int  # visible concerns whose main theme maps here
    partly_hidden: bool  # some theme cells were suppressed: the count is a lower bound
    share: float | None  # of the scope's concerns in the period; None when that total is hidden
    signals: int
    level: int  # 0 (quiet) .. 4 (loudest), for the colour


def _level(count: int, share: float | None) -> int:
    """0 to 4 by the share, a level per 5% of all concerns. When the total is hidden the share is
    unknown (it was taken as 0, and 8 concerns looked like none): a level per minimum group size
    of the count (5 to 9 concerns: 1, ..., 20 or more: 4), from shown figures only."""
    if not count:
        return 0
    if share is None:
        return min(4, count // min_group_size())
    return min(4, int(share * 20))


def nam_view(filters: Filters, open_signal_themes: list[str]) -> list[tuple[str, str, list[Factor]]]:
    cells = {
        c.theme: c
        for c in ConcernSummary.objects.filter(
            scope=filters.scope, period=filters.period, role_group=filters.role_group
        )
    }
    total_cell = cells.get(ALL)
    total: int | None = 0  # no cell: no concerns
    if total_cell is not None:
        total = None if total_cell.hidden else total_cell.concerns
    out = []
    for group, label, factors in GROUPS:
        shown = []
        for key, name, themes in factors:
            visible = [cells[t] for t in themes if t in cells and not cells[t].hidden]
            hidden = any(t in cells and cells[t].hidden for t in themes)
            count = sum(c.concerns for c in visible)
            share = None if total is None else (count / total if total else 0.0)
            signals = sum(1 for t in open_signal_themes if t in themes)
            level = _level(count, share)
            if signals:
                level = max(level, 3)
            shown.append(Factor(key, str(name), themes, count, hidden, share, signals, level))
        out.append((group, str(label), shown))
    return out


def factor_actions(filters: Filters, theme_keys: list[str], most: int = 20) -> list:
    """The newest published actions in the scope linked to a concern whose main theme is one of the
    factor's: "what changed" beside the figures, on the factor's page and in the API, each with its
    `place` (dashboard.placed)."""
    from upstream.actions.models import Action

    found = (
        Action.objects.filter(
            state=Action.State.PUBLISHED,
            scope__path__startswith=filters.scope.path,
            concerns__themes__theme__key__in=theme_keys,
            concerns__themes__primary=True,
        )
        .select_related("scope")
        .distinct()
        .order_by("-published_at")[:most]
    )
    return placed(list(found), filters.scope)
