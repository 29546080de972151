"""The demo health system `upstream load-demo` builds: Riverbend Health, its people and their concerns.

Deterministic (one seeded random generator), idempotent (keyed by the system's unit code), and
fast on SQLite. The parts: `organisation` (tree, people, leaders), `activity` (concerns, threads,
actions), `history` (the months before, answered and closed), `texts` (the canned words), `extras`
(an early-warning rise and a listening session) and `logins` (the named accounts and the table
printed for a first-time user).
"""

from __future__ import annotations

import datetime as dt
import importlib
import random

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from upstream.concerns.models import Concern
from upstream.org.demo.activity import build_activity, load_examples
from upstream.org.demo.extras import add_listening_session, add_staffing_rise, raise_early_warnings
from upstream.org.demo.history import add_history
from upstream.org.demo.logins import DEMO_PASSWORD, NAMED, logins_table
from upstream.org.demo.organisation import (
    SYSTEM_CODE,
    Built,
    add_admin,
    build_leaders,
    build_people,
    build_tree,
)
from upstream.org.models import Unit

__all__ = [
    "DEMO_PASSWORD",
    "NAMED",
    "SYSTEM_CODE",
    "demo_exists",
    "load_demo",
    "logins_table",
    "other_org_exists",
]

SEED = 20240917


def demo_exists() -> bool:
    return Unit.objects.filter(code=SYSTEM_CODE).exists()


def other_org_exists() -> bool:
    return Unit.objects.exclude(code=SYSTEM_CODE).exists() and not demo_exists()


def load_demo(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Build the demo system; returns counts. Call only when demo_exists() is False."""
    now = now or timezone.now()
    rng = random.Random(SEED)  # noqa: S311 - demo data, never a secret
    hashed = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        built = Built()
        build_tree(built)
        people = build_people(built, rng, hashed)
        build_leaders(built, rng, hashed)
        add_admin(hashed)
    examples = load_examples()
    actions = build_activity(built, rng, now=now, examples=examples)
    add_history(built, now=now, examples=examples)
    add_staffing_rise(built, rng, now=now)
    sessions = add_listening_session(built, now=now)
    # Last, so the detector sees the rise and the session, as the nightly job would.
    signals = raise_early_warnings(now=now)
    concerns = Concern.objects.filter(unit__path__startswith=built.units[SYSTEM_CODE].path).count()
    # Months of history were released into the leaders' inboxes as they would have been, each with
    # its digest long sent: left unannounced, the first hourly release told every leader of them all.
    Concern.objects.filter(visible_from__lte=now, unannounced=True).update(unannounced=False)
    _escalated_in_their_time(now)
    counts = {
        "units": len(built.units),
        "people": people,
        "concerns": concerns,
        "actions": actions,
        "listening_sessions": sessions,
        "signals": signals,
    }
    counts.update(load_app_demos(now))
    return counts


def _escalated_in_their_time(now: dt.datetime) -> None:
    """The escalations the hourly job made in the months of history, an hour after each deadline.
    Left to the first hourly run, every overdue concern of the history read "Not acknowledged in
    time; the next leader up was told." on the day the demo was loaded, weeks after its deadline
    (an officer's walk). No mail: it was sent then."""
    from upstream.concerns.batches import escalation_of
    from upstream.concerns.models import Event

    overdue = Concern.objects.filter(
        acknowledged_at__isnull=True,
        ack_due_at__lt=now - dt.timedelta(hours=1),
        visible_from__lte=now,
        merged_into=None,
        escalated=False,
    ).exclude(status="closed")
    events = []
    for concern in overdue.select_related("unit"):
        at = concern.ack_due_at + dt.timedelta(hours=1)
        _told, explanation = escalation_of(concern, at)
        before = concern.messages.filter(written_at__lt=at).count()
        events.append(
            Event(
                concern=concern,
                kind=Event.Kind.ESCALATED,
                at=at,
                after_message=before,
                explanation=explanation,
            )
        )
    Event.objects.bulk_create(events)
    overdue.update(escalated=True)


def load_app_demos(now: dt.datetime) -> dict[str, int]:
    """Each capability's own demo (`upstream/<app>/demo.py`, `load(now) -> counts`), after the core."""
    counts: dict[str, int] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("upstream.") or config.name == "upstream.org":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.demo":
                raise
            continue
        counts.update(module.load(now) or {})
    return counts
