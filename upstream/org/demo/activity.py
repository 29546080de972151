"""Concerns, their threads and the actions leaders published, spread over the last four months.

Concern texts come from the theme examples (upstream/themes/data/examples.jsonl), which the project
wrote for training; none is a real report.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from upstream.actions import services as actions
from upstream.concerns import services
from upstream.concerns.models import Concern
from upstream.intake.services import release_due
from upstream.org.demo.organisation import Built
from upstream.org.demo.texts import (
    ACTION_TAKEN_NOTES,
    ACTIONS,
    CLOSING_NOTES,
    CRISIS_REPLY,
    CRISIS_TEXTS,
    FIRST_REPLIES,
    FOLLOW_UPS,
    REPORTER_REPLIES,
)
from upstream.org.models import Unit, User

EXAMPLES = Path(__file__).resolve().parents[2] / "themes" / "data" / "examples.jsonl"

# (status, how many, received between this many days ago)
STATUS_PLAN: list[tuple[str, int, tuple[int, int]]] = [
    ("new", 24, (2, 6)),
    ("overdue", 6, (10, 28)),
    ("acknowledged", 30, (5, 45)),
    ("in_progress", 40, (10, 100)),
    ("action_taken", 34, (20, 120)),
    ("closed", 40, (14, 120)),
]


def build_activity(
    built: Built, rng: random.Random, *, now: dt.datetime, examples: list[dict[str, str]]
) -> int:
    """Concerns in every status with their threads, then the published actions; returns how many actions."""
    placed = _submit_concerns(built, rng, now, examples)
    return _build_actions(built, rng, now, placed)


def load_examples() -> list[dict[str, str]]:
    with EXAMPLES.open(encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream if line.strip()]
    return [row for row in rows if len(row.get("text", "").strip()) >= 12]


def leader_for(built: Built, unit: Unit) -> User:
    by_path = {u.path: u.code for u in built.units.values()}
    path = unit.path
    while path:
        code = by_path[path]
        if code in built.leaders:
            return built.leaders[code]
        path = path[: -Unit.steplen]
    raise LookupError(unit.code)


def choose_unit(built: Built, rng: random.Random, voice: str) -> tuple[Unit, str]:
    """A unit where people of this voice work, weighted by headcount; small groups report one level up."""
    options = [(code, roles[voice]) for code, roles in built.members.items() if roles.get(voice)]
    # Large groups speak up more often than groups of two, who are warned they may be recognised.
    weights = [n if n >= 5 else n * 0.3 for _c, n in options]
    code = rng.choices([c for c, _n in options], weights=weights)[0]
    unit = built.units[code]
    if built.members[code][voice] < 5 and rng.random() < 0.7:
        # The intake form warned them; they chose the department, as most people do.
        by_path = {u.path: u for u in built.units.values()}
        unit = by_path[unit.path[: -Unit.steplen]]
    role = "" if rng.random() < 0.1 else voice
    return unit, role


def moments_between(
    rng: random.Random, start: dt.datetime, now: dt.datetime, count: int
) -> list[dt.datetime]:
    """`count` increasing moments after `start`, all before now."""
    gaps = [rng.uniform(6, 96) for _ in range(count)]
    window = (now - start).total_seconds() / 3600 - 1
    scale = min(1.0, window / sum(gaps)) if gaps else 1.0
    moments, hours = [], rng.uniform(1, 30) * scale
    for gap in gaps:
        hours += gap * scale
        moments.append(start + dt.timedelta(hours=min(hours, window)))
    return moments


def file_concern(text: str, unit: Unit, role: str, when: dt.datetime) -> Concern:
    """Through the anonymous-write pipeline like any concern, released at its own batch time."""
    done = services.submit_concern(text=text, unit=unit, role_group=role, now=when)
    release_due(done.visible_from)
    return done.concern


def reply_as_reporter(concern: Concern, text: str, when: dt.datetime) -> None:
    """A reporter's reply, through the intake and released with its batch."""
    pending = services.reply_as_reporter(concern, text, now=when)
    release_due(pending.visible_from)


def _submit_concerns(
    built: Built, rng: random.Random, now: dt.datetime, examples: list[dict[str, str]]
) -> list[tuple[Concern, str]]:
    pool = examples[:]
    rng.shuffle(pool)
    plan = [
        (status, rng.randint(low, high)) for status, count, (low, high) in STATUS_PLAN for _ in range(count)
    ]
    rng.shuffle(plan)
    placed: list[tuple[Concern, str]] = []
    for (status, days_ago), example in zip(plan, pool, strict=False):
        unit, role = choose_unit(built, rng, example["voice"])
        when = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 16))
        concern = file_concern(example["text"], unit, role, when)
        _play_thread(built, rng, now, concern, status)
        placed.append((concern, example["theme"]))
    for index, text in enumerate(CRISIS_TEXTS):
        when = now - dt.timedelta(days=1 + 3 * index, hours=rng.randint(1, 6))
        concern = file_concern(text, built.units["rg-ed-adult" if index else "rg-4w"], "", when)
        if index:
            leader = leader_for(built, concern.unit)
            services.write_to_reporter(
                concern, leader, CRISIS_REPLY, now=moments_between(rng, concern.visible_from, now, 1)[0]
            )
    return placed


def _play_thread(built: Built, rng: random.Random, now: dt.datetime, concern: Concern, status: str) -> None:
    if status in ("new", "overdue"):
        return
    leader = leader_for(built, concern.unit)
    first = FIRST_REPLIES.get(_theme_of(concern), FIRST_REPLIES["positive_connection"])
    t = iter(moments_between(rng, concern.visible_from, now, 6))
    if status == "acknowledged":
        if rng.random() < 0.3:
            services.acknowledge(concern, leader, now=next(t))
        else:
            services.write_to_reporter(concern, leader, first, now=next(t))
            if rng.random() < 0.35:
                reply_as_reporter(concern, rng.choice(REPORTER_REPLIES), next(t))
        return
    services.write_to_reporter(concern, leader, first, now=next(t))
    if rng.random() < 0.6:
        reply_as_reporter(concern, rng.choice(REPORTER_REPLIES), next(t))
        if rng.random() < 0.6 or status != "in_progress":
            services.write_to_reporter(concern, leader, rng.choice(FOLLOW_UPS), now=next(t))
    if status == "closed" and rng.random() < 0.4:
        services.change_status(concern, leader, "closed", rng.choice(CLOSING_NOTES), now=next(t))
        return
    services.change_status(concern, leader, "in_progress", "", now=next(t))
    if status == "action_taken":
        services.change_status(concern, leader, "action_taken", rng.choice(ACTION_TAKEN_NOTES), now=next(t))
    elif status == "closed":
        services.change_status(concern, leader, "closed", rng.choice(CLOSING_NOTES), now=next(t))
    elif rng.random() < 0.25:
        reply_as_reporter(concern, rng.choice(REPORTER_REPLIES), next(t))


_THEMES_BY_TEXT: dict[str, str] = {}


def _theme_of(concern: Concern) -> str:
    if not _THEMES_BY_TEXT:
        _THEMES_BY_TEXT.update({e["text"].strip(): e["theme"] for e in load_examples()})
    return _THEMES_BY_TEXT.get(concern.text, "")


def _build_actions(
    built: Built, rng: random.Random, now: dt.datetime, placed: list[tuple[Concern, str]]
) -> int:
    # The services changed the rows, not the instances we hold.
    statuses = dict(Concern.objects.filter(pk__in=[c.pk for c, _th in placed]).values_list("pk", "status"))
    made = 0
    for scope_code, theme, title, description, updates in ACTIONS:
        scope = built.units[scope_code]
        leader = built.leaders[scope_code]
        inside = [
            (c, th) for c, th in placed if c.unit.path.startswith(scope.path) and statuses[c.pk] != "new"
        ]
        # Concerns that say "action taken" belong on an action first.
        inside.sort(key=lambda pair: statuses[pair[0].pk] != "action_taken")
        linked = [c for c, th in inside if th == theme][:3] or [c for c, _th in inside][:2]
        newest = max((c.visible_from for c in linked), default=now - dt.timedelta(days=60))
        created = min(newest + dt.timedelta(days=rng.randint(1, 5)), now - dt.timedelta(days=40))
        created = max(created, newest + dt.timedelta(hours=2))
        action = actions.create_action(
            leader,
            title=title,
            description=description,
            scope=scope,
            concern_ids=[str(c.pk) for c in linked],
            now=created,
        )
        published = created + dt.timedelta(days=1)
        actions.publish_action(action, now=published)
        for days, text, progress in updates:
            at = min(published + dt.timedelta(days=days), now - dt.timedelta(hours=1))
            actions.add_update(action, leader, text, progress, now=at)
        made += 1
    return made
