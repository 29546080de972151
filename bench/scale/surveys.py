"""Pulse-survey waves, invitations and answers for the scale bench, bulk loaded (COPY).

Imported by generate.py after django.setup(). Whole-system waves of the shipped `upstream-pulse`
instrument, spread evenly over the five years and all closed with their results appeared (the
last one closed three days ago), so the insights refresh picks every one up.

"Answers" are item answers, the entries of a response's `answers` (the pulse has six items, now
and then one skipped): 5,000,000 answers are about 860,000 responses. The number of waves follows
from them: 100,000 staff answering at 20-40% per unit give about 30,000 responses a wave, so 29
waves, one every nine weeks or so. (Read as 5,000,000 responses, the same staff would need a wave
every eleven days, 167 waves, and the first activity refresh about 20 million summary rows.)

Rows are written as the product writes them: `Invitation` per invited person (answered or not, to
the day), `Response` per answer with unit, role group, release day, `answers` and the `scores` that
`upstream.surveys.scoring.score_answers` gives. Scoring runs once for a few hundred answer patterns
that the responses reuse, so five million rows take the time of a COPY, not of five million scorings.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections import defaultdict

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

PULSE = "upstream-pulse"
YEARS = 5
PATTERNS = 400
SKIP = 0.03  # share of items left unanswered
MEAN_RATE = 0.3  # units answer at 20-40%
QUIET_SHARE = 0.03  # units answering at 2-8%: too few answers, so suppression shows
LAST_CLOSED_DAYS_AGO = 3
SURVEY_TABLES = [
    "surveys_suppressionmemo",
    "surveys_comment",
    "surveys_response",
    "surveys_invitation",
    "surveys_wave_units",
    "surveys_wave_instruments",
    "surveys_wave",
]


def copy_rows(table: str, columns: list[str], rows) -> int:  # type: ignore[no-untyped-def]
    """COPY rows into a table (psycopg's copy protocol); returns how many. generate.py uses it too."""
    n = 0
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
    return n


def _copy_text(table: str, columns: list[str], blocks) -> int:  # type: ignore[no-untyped-def]
    """COPY blocks of text-format lines (one block per wave): far faster than a row at a time."""
    n = 0
    with connection.cursor() as cursor:
        # The rows are consistent by construction; per-row foreign-key triggers were most of the
        # load time (about 40,000 rows a second). Replica mode skips them for this COPY only.
        cursor.execute("SET session_replication_role = replica")
        try:
            with cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
                for block in blocks:
                    cp.write(block)
                    n += block.count("\n")
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    return n


def wipe_surveys() -> None:
    """Empty the survey tables. CASCADE also empties insights_activitysummary (it points at
    waves); the activity refresh that follows rebuilds all of it."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(SURVEY_TABLES)} RESTART IDENTITY CASCADE")


def answer_patterns(spec, nrng: np.random.Generator) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    """(answers JSON, scores JSON, items answered), from the most troubled to the best off.

    Each pattern has a latent well-being level; items lean with it (reverse for the "worse" items)
    and now and then one is skipped, which leaves its score empty as in the product."""
    from upstream.surveys.scoring import score_answers

    worse = {item for score in spec.scores if score.higher_is == "worse" for item in score.items}
    out = []
    for level in np.sort(nrng.random(PATTERNS)):
        answers: dict[str, int] = {}
        for item in spec.items:
            if nrng.random() < SKIP:
                continue  # skipped
            lean = (1 - level) if item.key in worse else level
            answers[item.key] = int(np.clip(round(1 + 4 * lean + nrng.normal(0, 0.8)), 1, 5))
        scores = score_answers(spec, answers)
        out.append((json.dumps({PULSE: answers}), json.dumps({PULSE: scores}), len(answers)))
    return out


def _counts(members: np.ndarray, waves: int, answers: int, nrng: np.random.Generator) -> np.ndarray:
    """Responses per (wave, unit): each unit's own rate with some wave-to-wave jitter, then nudged
    one at a time to exactly `answers` in total (never more than a unit's members)."""
    rate = nrng.uniform(0.2, 0.4, len(members))
    quiet = nrng.random(len(members)) < QUIET_SHARE
    rate[quiet] = nrng.uniform(0.02, 0.08, int(quiet.sum()))
    expected = waves * float((members * rate).sum())
    scale = answers / expected if expected else 0.0
    p = np.clip(rate * scale * nrng.normal(1, 0.15, (waves, len(members))), 0, 1)
    counts = nrng.binomial(np.broadcast_to(members, p.shape), p)
    flat, cap = counts.reshape(-1), np.broadcast_to(members, p.shape).reshape(-1)
    not_quiet = ~np.broadcast_to(quiet, p.shape).reshape(-1)
    while (gap := answers - int(flat.sum())) != 0:
        room = np.flatnonzero((flat < cap if gap > 0 else flat > 0) & not_quiet)
        if not len(room):
            break
        pick = nrng.choice(room, min(abs(gap), len(room)), replace=False)
        flat[pick] += 1 if gap > 0 else -1
    return flat.reshape(p.shape)


def add_surveys(answers: int, seed: int, today: dt.date | None = None) -> dict[str, int]:
    """Write the waves, invitations and responses for about `answers` item answers; returns what
    was written."""
    from upstream.surveys.services import ensure_instruments

    nrng = np.random.default_rng(seed + 1)
    today = today or timezone.localdate()
    instrument = ensure_instruments(today)[PULSE]
    spec = instrument.spec
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM org_unit WHERE depth = 1 ORDER BY path LIMIT 1")
        root = cursor.fetchone()[0]
        cursor.execute("SELECT user_id, unit_id, role_group FROM org_membership ORDER BY id")
        memberships = cursor.fetchall()
    # One membership per person counts (the bench gives each person one); the first one recorded.
    seen: set[int] = set()
    by_unit: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for user_id, unit_id, role in memberships:
        if user_id not in seen:
            seen.add(user_id)
            by_unit[unit_id].append((user_id, role))
    unit_ids = sorted(by_unit)
    members = np.array([len(by_unit[u]) for u in unit_ids])
    people = int(members.sum())

    last_close = today - dt.timedelta(days=LAST_CLOSED_DAYS_AGO)
    span = 365 * YEARS
    responses = round(answers / (len(spec.items) * (1 - SKIP)))
    waves = max(1, round(responses / (MEAN_RATE * people))) if people else 0
    waves = min(waves, span // 2)
    interval = span // max(waves, 1)
    open_days = max(1, min(14, interval - 1))
    counts = _counts(members, waves, responses, nrng)
    patterns = answer_patterns(spec, nrng)
    # Units lean troubled or well (their place in the sorted patterns), and drift a little over time.
    unit_centre = nrng.beta(4, 4, len(unit_ids)) * PATTERNS

    wave_rows = []
    for w in range(waves):
        closes = last_close - dt.timedelta(days=interval * (waves - 1 - w))
        opens = closes - dt.timedelta(days=open_days)
        wave_rows.append(
            (
                w + 1,
                f"Pulse survey {opens.isoformat()}",
                "scheduled",
                opens,
                closes,
                "[]",
                "",
                people,
                opens,
                max(opens, closes - dt.timedelta(days=2)),
                False,
                opens - dt.timedelta(days=14),
            )
        )
    copy_rows(
        "surveys_wave",
        [
            "id",
            "title",
            "status",
            "opens_on",
            "closes_on",
            "role_groups",
            "note",
            "invited",
            "invitations_sent_on",
            "reminders_sent_on",
            "closed_early",
            "created_on",
        ],
        wave_rows,
    )
    copy_rows("surveys_wave_units", ["wave_id", "unit_id"], ((w[0], root) for w in wave_rows))
    copy_rows(
        "surveys_wave_instruments", ["wave_id", "instrument_id"], ((w[0], instrument.pk) for w in wave_rows)
    )

    # Who answered, per wave and unit; the same people carry the responses' unit and role group.
    answered: list[list[tuple[int, int, np.ndarray]]] = []
    for w in range(waves):
        per_wave = []
        for u, unit_id in enumerate(unit_ids):
            n = int(counts[w, u])
            if n:
                per_wave.append((u, unit_id, nrng.choice(int(members[u]), n, replace=False)))
        answered.append(per_wave)

    def invitation_lines():
        for w, wave in enumerate(wave_rows):
            opens, closes = wave[3], wave[4]
            days = (closes - opens).days + 1
            chosen = {unit_id: set(picked.tolist()) for _u, unit_id, picked in answered[w]}
            lines = []
            for unit_id in unit_ids:
                picked = chosen.get(unit_id, ())
                for i, (user_id, _role) in enumerate(by_unit[unit_id]):
                    day = opens + dt.timedelta(days=(user_id * 7 + w) % days) if i in picked else r"\N"
                    lines.append(f"{wave[0]}\t{user_id}\t{day}\n")
            yield "".join(lines)

    started = time.perf_counter()
    invited = _copy_text("surveys_invitation", ["wave_id", "user_id", "answered_on"], invitation_lines())
    print(f"survey invitations: {invited:,} in {time.perf_counter() - started:.0f} s", flush=True)

    item_answers = 0

    def response_lines():
        nonlocal item_answers
        for w, wave in enumerate(wave_rows):
            opens, closes = wave[3], wave[4]
            days = (closes - opens).days + 1
            drift = PATTERNS * 0.08 * np.sin(w / 9)
            lines = []
            for u, unit_id, picked in answered[w]:
                centre = unit_centre[u] + drift
                chosen = np.clip(nrng.normal(centre, PATTERNS / 5, len(picked)), 0, PATTERNS - 1).astype(int)
                # Released by the daily batch after the answer: a day from opening to the day after closing.
                released = [opens + dt.timedelta(days=d) for d in range(1, days + 1)]
                offsets = nrng.integers(0, days, len(picked))
                people = by_unit[unit_id]
                for i, pattern, offset in zip(
                    picked.tolist(), chosen.tolist(), offsets.tolist(), strict=True
                ):
                    # json.dumps output has no tab, newline or backslash: safe in COPY's text format.
                    answers_json, scores_json, given = patterns[pattern]
                    item_answers += given
                    lines.append(
                        f"{uuid.uuid4()}\t{wave[0]}\t{unit_id}\t{people[i][1]}\t{released[offset]}\t"
                        f"{answers_json}\t{scores_json}\n"
                    )
            yield "".join(lines)

    started = time.perf_counter()
    written = _copy_text(
        "surveys_response",
        ["id", "wave_id", "unit_id", "role_group", "released_on", "answers", "scores"],
        response_lines(),
    )
    print(f"survey responses: {written:,} in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('surveys_wave', 'id'), (SELECT max(id) FROM surveys_wave))"
        )
        for table in ("surveys_wave", "surveys_invitation", "surveys_response"):
            cursor.execute(f"ANALYZE {table}")  # noqa: S608 - fixed table names
    return {
        "waves": waves,
        "every_days": interval,
        "invitations": invited,
        "responses": written,
        "item_answers": item_answers,
    }


def refresh_activity() -> tuple[int, float]:
    """The insights activity summary (survey rows of every ready wave, community counts), refreshed
    once per wave in closing order, as the daily refresh would have picked each up when its results
    appeared; one refresh of every wave at once would hold all their rows in memory. The concern
    cells are left as they are. Returns the activity rows and the slowest single refresh (s)."""
    from upstream.insights.activity import rebuild_activity
    from upstream.insights.models import ActivitySummary
    from upstream.insights.summary import tree
    from upstream.surveys.models import Wave
    from upstream.surveys.results import results_from

    chain, parent = tree()
    slowest = 0.0
    moments = [results_from(wave) for wave in Wave.objects.order_by("closes_on", "pk")]
    for now in [*moments, timezone.now()]:
        started = time.perf_counter()
        with transaction.atomic():
            rebuild_activity(now, chain, parent)
        slowest = max(slowest, time.perf_counter() - started)
    return ActivitySummary.objects.count(), slowest
