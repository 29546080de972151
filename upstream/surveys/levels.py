"""How much of a results table the page shows at once.

A whole health system's table has a row for each of its 2,000 units: unreadable on a page and
slow to send. The page shows the viewer's scopes and two levels of units below them; a unit
with more below opens on its own (`?within=`), with the same two levels under it. Only what is
shown changes: every row comes from the same suppression (`results.wave_results`), so opening
one unit after another reveals nothing that the whole table would not. The CSV download and the
API keep every row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from upstream.lib.text import row_id
from upstream.org.models import Unit
from upstream.surveys.results import Rate, Row, WaveResults, format_rows

LEVELS = 2


class OutsideResults(Http404):
    """The unit asked for (`?within=`) is not one of the viewer's results: a mistyped or edited
    link, or a unit they no longer lead. The API answers 404; the page shows every unit instead."""


@dataclass
class PageLevels:
    within: Unit | None  # the unit opened, or None for the viewer's own scopes
    rows: list[Row]
    rates: list[Rate]
    deeper: set[str]  # paths of shown units that have units below not shown


def _depth(path: str) -> int:
    return len(path) // Unit.steplen


def page_levels(found: WaveResults, within_id: str | None) -> PageLevels:
    within = None
    if within_id:
        within = Unit.objects.filter(pk=row_id(within_id) or 0).first()
        if within is None or not any(within.path.startswith(s.path) for s in found.scopes):
            raise OutsideResults(_("That unit is not in the results you can see."))
    tops = [within] if within else found.scopes

    def shown(path: str) -> bool:
        if not path:
            return True  # the organisation and role-group rows
        for top in tops:
            if path.startswith(top.path) and _depth(path) - _depth(top.path) <= LEVELS:
                return True
            if within and top.path.startswith(path):
                return True  # the units above the one opened, for context
        return False

    rows = [row for row in found.rows if shown(row.path)]
    on_page = {row.path for row in rows}
    hidden_below = {row.path[: -Unit.steplen] for row in found.rows if row.path and row.path not in on_page}
    deeper = {path for path in on_page if path in hidden_below}
    return PageLevels(within, format_rows(rows), [rate for rate in found.rates if shown(rate.path)], deeper)
