"""Demo survey waves for Riverbend Health: three past waves with results, and one open now.

4 West Med-Surg gets worse wave by wave (the staffing story the concerns demo tells), 5 East
Telemetry gets better (huddles and a mentoring pilot), the rest drift. Called by `upstream load-demo`
after the core demo.

The demo writes answer rows directly, in bulk: it is not a real submission, so it does not go
through the anonymous-write pipeline (`upstream.intake`), which real answers always do.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from upstream.org.models import LeaderAssignment, Membership, Unit
from upstream.surveys.models import Comment, Invitation, Response, Status, Wave
from upstream.surveys.scoring import score_answers
from upstream.surveys.services import ensure_instruments

SEED = 20260301
SYSTEM_CODE = "riverbend"
WORSENS, IMPROVES = "rg-4w", "rg-5e"
# Days ago each past wave opened, its strain for 4 West and 5 East, and its response rate.
PAST = [(200, 0.46, 0.64, 0.56), (116, 0.57, 0.52, 0.63), (32, 0.70, 0.38, 0.69)]
ROLE_STRAIN = {"resident": 0.08, "nurse": 0.04, "admin_staff": -0.05, "support_services": 0.02}
COMMENTS = {
    WORSENS: [
        "We have been two nurses short on nights for weeks and nobody gets a break.",
        "Charting waits until after shift because there is no time during it.",
        "I feel like I am apologising to patients all day for things I can't fix.",
    ],
    IMPROVES: [
        "The new morning huddle means I actually know my colleagues again.",
        "The mentoring pilot has been the best thing to happen on this unit.",
        "Feels like a team again since the charge nurses started rounding with us.",
    ],
    "": [
        "More time to talk with patients would make the biggest difference.",
        "Recognition from leadership would mean a lot, even a thank-you.",
        "Documentation keeps eating into time I would spend with families.",
        "The Schwartz Rounds helped me feel less alone after a hard case.",
        "I don't know people in other departments; we only meet when something goes wrong.",
    ],
}


def _pick(rng: random.Random, values: list[int], strain: float, spread: float = 0.22) -> int:
    """A value from an ordered scale, centred where the strain puts it."""
    position = min(max(rng.gauss(strain, spread), 0.0), 0.999)
    return values[int(position * len(values))]


def _answers(rng: random.Random, strain: float) -> dict[str, dict[str, int]]:
    cbi = [0, 25, 50, 75, 100]
    agree = [1, 2, 3, 4, 5]
    worse = {f"cbi_w{i}": _pick(rng, cbi, strain) for i in range(1, 7)}
    worse["cbi_w7"] = _pick(rng, cbi, 1 - strain)  # "enough energy" is reverse-keyed
    pulse = {
        "up_division": _pick(rng, agree, strain),
        "up_connection": _pick(rng, agree, 1 - strain),
        "up_moral": _pick(rng, agree, strain - 0.05),
        "up_safety": _pick(rng, agree, 1.05 - strain),
        "up_recognition": _pick(rng, agree, 0.95 - strain),
        "up_meaning": _pick(rng, agree, 1.2 - strain),
    }
    return {"cbi-work": worse, "upstream-pulse": pulse}


def load(now: dt.datetime) -> dict[str, int]:
    """Build the demo waves once (idempotent: nothing is added if they exist)."""
    root = Unit.objects.filter(code=SYSTEM_CODE).first()
    if root is None or Wave.objects.filter(units=root, title__startswith="Riverbend pulse").exists():
        return {"survey_waves": 0, "survey_responses": 0}
    rng = random.Random(SEED)  # noqa: S311 - demo data, never a secret
    today = timezone.localdate(now)
    instruments = ensure_instruments(today)
    chosen = [instruments["cbi-work"], instruments["upstream-pulse"]]
    units = {u.pk: u for u in Unit.objects.filter(path__startswith=root.path)}
    base = {pk: rng.uniform(0.36, 0.54) for pk in units}
    memberships: dict[int, Membership] = {}
    for m in Membership.objects.filter(unit__path__startswith=root.path).order_by("user_id", "unit__path"):
        memberships.setdefault(m.user_id, m)
    people = sorted(memberships)
    # The past waves went to staff; the demo's named leaders (members where they lead, so that the
    # community pages know them) are invited from the open wave on, so the past figures stay.
    leading = set(LeaderAssignment.objects.values_list("user_id", flat=True))
    staff = [user_id for user_id in people if user_id not in leading]
    waves = responses = 0
    with transaction.atomic():
        for index, (days_ago, worsens, improves, rate) in enumerate(PAST):
            opens = today - dt.timedelta(days=days_ago)
            wave = _wave(root, chosen, opens, opens + dt.timedelta(days=13), today)
            answered = set(rng.sample(staff, int(len(staff) * rate)))
            _invite(wave, staff, answered, today)
            rows, comments = [], []
            # Each comment once per wave: drawn with replacement, a few texts came back twenty times.
            # Shuffled with a random source of its own, so the answers drawn below stay the same.
            order = random.Random(index)  # noqa: S311 - demo data
            unused = {key: order.sample(texts, len(texts)) for key, texts in COMMENTS.items()}
            for user_id in sorted(answered):
                m = memberships[user_id]
                strain = {WORSENS: worsens, IMPROVES: improves}.get(
                    m.unit.code, base[m.unit_id] + rng.gauss(0, 0.03)
                )
                strain += ROLE_STRAIN.get(m.role_group, 0.0) + 0.02 * index * (m.unit.code == WORSENS)
                answers = _answers(rng, strain)
                rows.append(_response(wave, m, answers, chosen))
                if rng.random() < 0.12:
                    key = m.unit.code if m.unit.code in COMMENTS else ""
                    rng.choice(COMMENTS[key])  # drawn as before: the demo's other figures stay the same
                    if not unused[key]:
                        continue
                    comments.append(
                        Comment(
                            wave=wave,
                            unit_id=m.unit_id,
                            role_group=m.role_group,
                            released_on=wave.closes_on + dt.timedelta(days=1),
                            text=unused[key].pop(),
                        )
                    )
            rng.shuffle(rows)
            Response.objects.bulk_create(rows)
            Comment.objects.bulk_create(comments)
            waves += 1
            responses += len(rows)
        # One wave open now, so a demo login can answer it (nobody has yet).
        current = _wave(root, chosen, today - dt.timedelta(days=2), today + dt.timedelta(days=11), today)
        _invite(current, people, set(), today)
        waves += 1
    return {"survey_waves": waves, "survey_responses": responses}


def _wave(root: Unit, instruments: list, opens: dt.date, closes: dt.date, today: dt.date) -> Wave:
    wave = Wave.objects.create(
        title=f"Riverbend pulse, {opens.strftime('%B %Y')}",
        status=Status.SCHEDULED,
        opens_on=opens,
        closes_on=closes,
        created_on=opens - dt.timedelta(days=7),
        invitations_sent_on=opens,
        reminders_sent_on=closes - dt.timedelta(days=2) if closes < today else None,
    )
    wave.units.set([root])
    wave.instruments.set(instruments)
    return wave


def _invite(wave: Wave, people: list[int], answered: set[int], today: dt.date) -> None:
    rng = random.Random(wave.opens_on.toordinal())  # noqa: S311 - demo data
    days = max((min(wave.closes_on, today) - wave.opens_on).days, 0)
    Invitation.objects.bulk_create(
        Invitation(
            wave=wave,
            user_id=user_id,
            answered_on=wave.opens_on + dt.timedelta(days=rng.randint(0, days))
            if user_id in answered
            else None,
        )
        for user_id in people
    )
    wave.invited = len(people)
    wave.save(update_fields=["invited"])


def _response(wave: Wave, m: Membership, answers: dict, instruments: list) -> Response:
    specs = {i.key: i.spec for i in instruments}
    return Response(
        wave=wave,
        unit_id=m.unit_id,
        role_group=m.role_group,
        released_on=wave.closes_on + dt.timedelta(days=1),
        answers=answers,
        scores={key: score_answers(specs[key], value) for key, value in answers.items()},
    )
