"""Demo: compute the dashboards' summary table for the demo system, so `make run` shows figures."""

from __future__ import annotations

import datetime as dt


def load(now: dt.datetime) -> dict[str, int]:
    from upstream.insights.summary import refresh_summaries

    return {"dashboard_cells": refresh_summaries(now)}
