from __future__ import annotations

import datetime as dt

from django.utils import timezone

from upstream.concerns.services import Submitted, submit_concern
from upstream.intake.services import release_due
from upstream.org.models import Unit

STAFFING = "We were six nurses short on nights again and nobody could take a break all shift."


def released(
    text: str = STAFFING, unit: Unit | None = None, *, days_ago: int = 2, role: str = ""
) -> Submitted:
    """A concern submitted some days ago and released with its batch, so leaders have it.

    With days_ago=0 the batch is tomorrow morning's: it is released now, but stays invisible to
    leaders until its `visible_from`, as the real release would leave it."""
    done = submit_concern(
        text=text, unit=unit, role_group=role, now=timezone.now() - dt.timedelta(days=days_ago)
    )
    release_due(max(timezone.now(), done.visible_from))
    return done
