"""Community demo for Riverbend Health: resources, thanks, gatherings, shared concerns with
co-signs, peer support, campaigns (and mentoring and stories). Called by `upstream load-demo`
after the core demo; idempotent (nothing is added twice).

Co-signs and anonymous stories are written directly here, as a release would write them: demo
rows are not real submissions, so they do not go through the anonymous-write pipeline.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from upstream.community.demo.data import RESOURCES, SEED, SYSTEM_CODE
from upstream.community.demo.parts import (
    add_gatherings,
    add_mentoring,
    add_peer_support,
    add_resources,
    add_stories,
    add_thanks,
    office_account,
)
from upstream.community.demo.voice import add_campaigns, add_shared_concerns
from upstream.community.models import Resource
from upstream.org.models import Unit

__all__ = ["RESOURCES", "load"]


def load(now: dt.datetime) -> dict[str, int]:
    """Build the community demo once (idempotent: nothing is added if its resources exist)."""
    if (
        Unit.objects.filter(code=SYSTEM_CODE).first() is None
        or Resource.objects.filter(name=RESOURCES[0][0]).exists()
    ):
        return {"resources": 0}
    rng = random.Random(SEED)  # noqa: S311 - demo data, never a secret
    with transaction.atomic():
        office = office_account(now)
        counts = {"resources": add_resources(rng, now), "thanks": add_thanks(rng, now)}
        counts["gatherings"] = add_gatherings(rng, now, office) if office else 0
        counts["shared_concerns"] = add_shared_concerns(rng, now)
        counts["peer_supporters"] = add_peer_support(rng, now)
        counts["campaigns"] = add_campaigns(rng, now)
        counts["mentoring_profiles"] = add_mentoring(rng, now)
        counts["stories"] = add_stories(now, office)
    return counts
