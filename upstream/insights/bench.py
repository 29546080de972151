"""Hooks the scale bench (bench/scale/measure.py) uses: the dashboard pages and the report timing."""

from __future__ import annotations

import time

from upstream.insights.dashboard import Filters, current_quarter, figures
from upstream.insights.report import render_pdf
from upstream.org.models import Unit


def dashboard_paths() -> list[str]:
    period = current_quarter()
    return [
        f"/insights/?period={period}",
        f"/insights/?period={period[:4]}",
        f"/insights/?period={period}&role=nurse",
        f"/insights/nam/?period={period}",
        f"/insights/nam/team/?period={period}",
    ]


def time_report(scope: Unit | None = None) -> float:
    """Seconds to build the whole system's board report PDF for the current quarter."""
    scope = scope or Unit.top()
    started = time.perf_counter()
    render_pdf(figures(None, Filters(scope=scope, period=current_quarter())))
    return time.perf_counter() - started
