"""The months before the demo's recent activity: concerns raised, answered and closed.

Without them the demo holds four months of concerns in 58 units, and every dashboard cell below
the whole system is a small group, hidden: a new user saw "hidden" almost everywhere and a quarter
series of two points. These are closed long ago, so they add nothing to anyone's inbox. The older
ones sit in the early-warning baseline (180 days) and raise it a little: the demo's staffing rise on
4 West is still flagged, but a small rise in work-life at system level no longer is.

Their own random generator, so the recent activity (and the figures tests pin) stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random

from upstream.concerns import services
from upstream.concerns.models import Concern
from upstream.intake.services import release_due
from upstream.org.demo.activity import choose_unit, leader_for
from upstream.org.demo.organisation import Built
from upstream.org.demo.texts import ACTION_TAKEN_NOTES, CLOSING_NOTES

SEED = 20250101
# Received between this many days ago: after the recent activity's oldest (120 days).
DAYS_AGO = (125, 330)
PER_DAY = 1.5  # about the recent activity's rate


def add_history(built: Built, *, now: dt.datetime, examples: list[dict[str, str]]) -> int:
    """Concerns from texts the recent activity did not use, submitted through the intake and
    released together, then acknowledged and closed by their leaders; returns how many."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, never a secret
    used = set(Concern.objects.values_list("text", flat=True))
    pool = [e for e in examples if e["text"] not in used]
    rng.shuffle(pool)
    count = min(len(pool), int((DAYS_AGO[1] - DAYS_AGO[0]) * PER_DAY))
    filed = []
    for example in pool[:count]:
        unit, role = choose_unit(built, rng, example["voice"])
        when = now - dt.timedelta(days=rng.uniform(*DAYS_AGO))
        filed.append(services.submit_concern(text=example["text"], unit=unit, role_group=role, now=when))
    release_due(max(done.visible_from for done in filed))
    for done in filed:
        _answer(built, rng, done.concern)
    return len(filed)


def _answer(built: Built, rng: random.Random, concern: Concern) -> None:
    leader = leader_for(built, concern.unit)
    # Most within the deadline (three business days), some a little late.
    acknowledged = concern.visible_from + dt.timedelta(hours=rng.choice([4, 20, 30, 50, 70, 140]))
    services.acknowledge(concern, leader, now=acknowledged)
    closed = acknowledged + dt.timedelta(days=rng.uniform(7, 40))
    if rng.random() < 0.35:
        note = rng.choice(ACTION_TAKEN_NOTES)
        services.change_status(concern, leader, "action_taken", note, now=closed)
        closed += dt.timedelta(days=rng.uniform(3, 20))
    services.change_status(concern, leader, "closed", rng.choice(CLOSING_NOTES), now=closed)
