"""How each theme moved: the chosen period against the one before, for the board report's "Top themes
and how they moved" and the dashboard API, which shows the same figures (without reportlab)."""

from __future__ import annotations

from upstream.insights.dashboard import Figures, quarters_ending, shown_cell
from upstream.insights.models import ALL, UNCLEAR, ConcernSummary

# (theme key, name, figure in the period, figure in the period before); None is hidden.
Move = tuple[str, str, int | None, int | None]


def theme_moves(data: Figures) -> list[Move]:
    """(theme key, name, this period, the period before) for every theme, in the dashboard's order:
    a quarter against the quarter before, a year's own cells against the year before's."""
    values = _period_and_before(data)
    return [
        (key, data.volume.labels.get(key, name), *values.get(key, (0, 0))) for key, name in data.volume.themes
    ]


def top_moves(moves: list[Move], count: int = 5) -> list[Move]:
    """Of `theme_moves`' rows, the largest visible themes of the period (a quarter, or a year against
    the year before; `count` of them, more when the last is tied), then every theme whose figure is
    hidden (listed as "hidden"). Concerns the model could not place are not a theme:
    "Theme unclear" at the top of a board's list read as a finding (they stay in the chart and the
    CSV)."""
    rows = [row for row in moves if row[0] != UNCLEAR]
    # A hidden figure (None) can be large: listed, after the shown ones, as "hidden". Ties go by the
    # theme's key, not its translated name, so every language lists the same themes.
    rows = [r for r in rows if r[2] != 0]
    ranked = sorted(rows, key=lambda r: (r[2] is None, -(r[2] or 0), r[0]))
    # The hidden ones come after the shown ones without taking their places: a quarter hidden to
    # protect a small neighbour can be the largest, and a table cut at five shown rows read
    # "Documentation first" while the three largest themes were hidden below it.
    shown = [r for r in ranked if r[2] is not None]
    # Ties at the cut stay: a table that ended on "Leadership 9" left out three other themes of 9.
    cut = shown[count - 1][2] if len(shown) >= count else None
    shown = [r for i, r in enumerate(shown) if i < count or r[2] == cut]
    # Hidden ones by their figure of the period before when that one is shown (never by their own,
    # which would rank what is hidden): by key alone, "workload_staffing" came last and was cut,
    # though it was the hospital's largest theme the quarter before (found by a leader walk).
    # All of them: cut at five, a unit whose every figure was hidden listed five themes by key and
    # left out its largest, the theme of the warning printed under the table (leader walk). Which of
    # them is large cannot be told without ranking what is hidden, so none is left out.
    hidden = sorted((r for r in ranked if r[2] is None), key=lambda r: (r[3] is None, -(r[3] or 0), r[0]))
    return shown + hidden


def totals(data: Figures) -> tuple[int | None, int | None]:
    """Every concern of the period and of the one before (None: hidden), as `theme_moves` reads
    them: the board report gave no total at all (officer's probe)."""
    filters, before = data.filters, period_before(data)
    if filters.is_quarter:
        # The quarter before the scope's first concern is left out of the series: nothing, not hidden.
        return data.volume.totals[data.volume.periods[-1]], data.volume.totals.get(before, 0)
    found = {
        c.period: c
        for c in ConcernSummary.objects.filter(
            scope=filters.scope, period__in=[filters.period, before], role_group=filters.role_group, theme=ALL
        )
    }
    return shown_cell(found.get(filters.period)), shown_cell(found.get(before))


def period_before(data: Figures) -> str:
    """What the report compares its period with: the quarter before, or the year before."""
    if data.filters.is_quarter:
        return quarters_ending(data.filters.period, 2)[0]
    return str(int(data.filters.period) - 1)


def _period_and_before(data: Figures) -> dict[str, tuple[int | None, int | None]]:
    """Each theme's figure in the report's period and the one before. A year's report read its
    last quarter against the quarter before, under a title naming the year; it now reads the year's
    own cells (suppressed like every other) against the year before."""
    filters, before = data.filters, period_before(data)
    if filters.is_quarter:
        last = data.volume.periods[-1]
        return {key: (by[last], by.get(before, 0)) for key, by in data.volume.values.items()}
    year = filters.period
    cells = ConcernSummary.objects.filter(
        scope=filters.scope, period__in=[year, before], role_group=filters.role_group
    )
    found = {(c.theme, c.period): c for c in cells}
    return {
        key: (shown_cell(found.get((key, year))), shown_cell(found.get((key, before))))
        for key, _name in data.volume.themes
    }
