"""What a first-time user should see of early warnings and listening sessions.

A rise in staffing concerns on 4 West over the last fortnight, which the early-warning job flags for
the manager and every leader above, and the residents' focus group from docs/examples, stored for
Riverbend General as the chief nursing officer would upload it.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from pathlib import Path

from django.utils import timezone

from upstream.concerns import services
from upstream.listening.models import SessionKind
from upstream.listening.names import flag_names
from upstream.listening.services import record_session
from upstream.listening.transcripts import parse_transcript
from upstream.org.demo.activity import file_concern, leader_for, moments_between
from upstream.org.demo.logins import NAMED
from upstream.org.demo.organisation import Built
from upstream.org.demo.texts import FIRST_REPLIES, STAFFING_RISE
from upstream.org.models import User
from upstream.signals.services import detect_signals

logger = logging.getLogger(__name__)

RISE_UNIT = "rg-4w"
# Oldest first; the newest still leaves a day for the daily release, so leaders see every one.
RISE_DAYS_AGO = (11.6, 10.3, 8.9, 7.4, 6.1, 4.8, 3.6, 2.4)
FOCUS_GROUP = Path(__file__).resolve().parents[2] / "listening" / "data" / "focus-group.vtt"
FOCUS_GROUP_SCOPE = "rg"
FOCUS_GROUP_DAYS_AGO = 21


def add_staffing_rise(built: Built, rng: random.Random, *, now: dt.datetime) -> int:
    """Submit the staffing concerns on 4 West; the manager has answered the oldest three."""
    unit = built.units[RISE_UNIT]
    leader = leader_for(built, unit)
    for index, ((text, role), days_ago) in enumerate(zip(STAFFING_RISE, RISE_DAYS_AGO, strict=True)):
        when = now - dt.timedelta(days=days_ago, hours=rng.uniform(0, 3))
        concern = file_concern(text, unit, role, when)
        if index < 3:
            reply_at = moments_between(rng, concern.visible_from, now, 1)[0]
            services.write_to_reporter(concern, leader, FIRST_REPLIES["workload_staffing"], now=reply_at)
    return len(STAFFING_RISE)


def add_listening_session(built: Built, *, now: dt.datetime) -> int:
    """Store the example focus group through the same service as the upload's confirm step."""
    if not FOCUS_GROUP.is_file():
        # An installed package carries no docs/; the rest of the demo stands without the session.
        logger.warning("demo: %s not found; loading without a listening session", FOCUS_GROUP.name)
        return 0
    turns = parse_transcript(FOCUS_GROUP.read_text(encoding="utf-8"))
    scope = built.units[FOCUS_GROUP_SCOPE]
    record_session(
        # The hospital has two leaders; the chief nursing officer runs the well-being listening.
        user=User.objects.get(username=NAMED["cno"].username),
        title="Medicine residents' focus group",
        kind=SessionKind.FOCUS_GROUP,
        held_on=timezone.localdate(now) - dt.timedelta(days=FOCUS_GROUP_DAYS_AGO),
        scope=scope,
        guide_used=True,
        turns=turns,
        # What the review step ticks by default.
        redact=flag_names(turns),
    )
    return 1


def raise_early_warnings(*, now: dt.datetime) -> int:
    """Run the nightly early-warning job once, for the day of `now`; returns the signals stored."""
    return len(detect_signals(timezone.localdate(now)))
