"""Generate a health system at scale in PostgreSQL by bulk loading (COPY), not through the API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/upstream_bench \\
        .venv/bin/python bench/scale/generate.py --concerns 1000000 --staff 100000 --units 2000

Wipes the database's Upstream tables first (it refuses a database whose name does not contain
"bench"). Five years of concerns ending yesterday, older ones mostly closed, with themes, embeddings
for the open ones (what the similar-concerns search reads), leaders at every level, actions,
early-warning signals and pulse-survey waves with their invitations and answers (surveys.py);
then ANALYZE and the insights summary refresh.

    .venv/bin/python bench/scale/generate.py --only-surveys --survey-answers 5000000

replaces only the survey waves of an already generated database and refreshes the insights
activity summary (survey and community rows), leaving staff, units and concerns as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from upstream.concerns.timing import add_business_days  # noqa: E402
from upstream.org.models import RoleGroup  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # surveys.py beside this script
from surveys import SURVEY_TABLES, add_surveys, copy_rows, refresh_activity, wipe_surveys  # noqa: E402

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4
YEARS = 5
EMBED_DIM = 256
PASSWORD = "upstream-bench"  # noqa: S105 - bench accounts in a throwaway database
OPEN = ("new", "acknowledged", "in_progress")
TABLES = [
    "concerns_readrecord",
    "concerns_event",
    "concerns_message",
    "concerns_receipt",
    "themes_concernembedding",
    "themes_concerntheme",
    "themes_correction_secondary",
    "themes_correction",
    "actions_actionupdate",
    "actions_action_concerns",
    "actions_action",
    "signals_signal",
    "concerns_concern",
    "org_leaderassignment",
    "org_membership",
    "org_unit",
    "api_apitoken",
    "mfa_authenticator",
    "org_user",
    *SURVEY_TABLES,
]


def step(n: int) -> str:
    out = ""
    for _ in range(STEP):
        n, r = divmod(n, len(ALPHABET))
        out = ALPHABET[r] + out
    return out


def build_units(total: int) -> list[dict]:
    """system > hospitals > departments > units, about `total` nodes."""
    hospitals = max(2, round(total / 250))
    departments = max(2, round((total - 1 - hospitals) / hospitals / 10))
    units: list[dict] = []
    root = {"id": 1, "path": step(1), "depth": 1, "name": "Bench Health", "code": "bench", "level": "system"}
    units.append(root)
    parents = [root]
    for level, (count, name) in enumerate([(hospitals, "Hospital"), (departments, "Department")], start=2):
        nxt = []
        for parent in parents:
            for i in range(count):
                node = {
                    "id": len(units) + 1,
                    "path": parent["path"] + step(i + 1),
                    "depth": level,
                    "name": f"{name} {len(units)}",
                    "code": f"{name.lower()}-{len(units)}",
                    "level": "hospital" if level == 2 else "department",
                }
                units.append(node)
                nxt.append(node)
        parents = nxt
    leaves_per = max(1, -(-(total - len(units)) // len(parents)))
    for parent in parents:
        for i in range(leaves_per):
            node = {
                "id": len(units) + 1,
                "path": parent["path"] + step(i + 1),
                "depth": 4,
                "name": f"Unit {len(units)}",
                "code": f"unit-{len(units)}",
                "level": "unit",
            }
            units.append(node)
    children: dict[str, int] = {}
    for unit in units:
        if unit["depth"] > 1:
            parent_path = unit["path"][:-STEP]
            children[parent_path] = children.get(parent_path, 0) + 1
    for unit in units:
        unit["numchild"] = children.get(unit["path"], 0)
    return units


def only_surveys(answers: int, seed: int) -> None:
    """Replace the survey waves and answers, then refresh the activity summary (timed apart)."""
    started = time.perf_counter()
    wipe_surveys()
    written = add_surveys(answers, seed)
    loaded = time.perf_counter()
    print(f"surveys: {written} loaded in {loaded - started:.0f} s", flush=True)
    rows, slowest = refresh_activity()
    print(
        f"activity summary: {rows:,} rows written in {time.perf_counter() - loaded:.0f} s "
        f"(one refresh per wave, slowest {slowest:.1f} s)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concerns", type=int, default=1_000_000)
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--actions", type=int, default=None, help="default: concerns / 50")
    parser.add_argument(
        "--survey-answers", type=int, default=5_000_000, help="pulse-survey item answers (six to a response)"
    )
    parser.add_argument(
        "--only-surveys",
        action="store_true",
        help="replace only the survey waves of a generated database, then refresh the activity summary",
    )
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Point DATABASE_URL at a PostgreSQL database whose name contains 'bench'.")
    if args.only_surveys:
        only_surveys(args.survey_answers, args.seed)
        return
    rng = random.Random(args.seed)  # noqa: S311 - reproducible bench data, not secrets
    nrng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        tables = ", ".join(t for t in TABLES if t in existing)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    today = dt.date.today()
    first_day = today - dt.timedelta(days=365 * YEARS)
    days = (today - first_day).days

    units = build_units(args.units)
    copy_rows(
        "org_unit",
        ["id", "path", "depth", "numchild", "name", "code", "level"],
        ((u["id"], u["path"], u["depth"], u["numchild"], u["name"], u["code"], u["level"]) for u in units),
    )
    leaves = [u for u in units if u["level"] == "unit"]

    from django.contrib.auth.hashers import make_password

    password = make_password(PASSWORD)
    now = dt.datetime.now(dt.UTC)
    roles = [r.value for r in RoleGroup]
    role_weights = [40, 10, 10, 6, 10, 4, 10, 8, 2]
    copy_rows(
        "org_user",
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "display_name",
        ],
        (
            (i, password, False, f"u{i}", "", "", f"u{i}@bench.example", False, True, now, f"Person {i}")
            for i in range(1, args.staff + 1)
        ),
    )
    member_unit = [rng.choice(leaves)["id"] for _ in range(args.staff)]
    copy_rows(
        "org_membership",
        ["user_id", "unit_id", "role_group"],
        ((i + 1, member_unit[i], rng.choices(roles, role_weights)[0]) for i in range(args.staff)),
    )
    # One leader per non-leaf unit and per unit: users 1..len(units), username "lead-<unit id>".
    with connection.cursor() as cursor:
        cursor.execute("UPDATE org_user SET username = 'lead-' || id WHERE id <= %s", [len(units)])
    copy_rows(
        "org_leaderassignment",
        ["user_id", "unit_id", "title"],
        ((u["id"], u["id"], f"Leader of {u['name']}") for u in units),
    )

    # Leaders must have a second factor before any page opens (sso.RequireMFAMiddleware).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO mfa_authenticator (type, data, user_id, created_at) "
            "SELECT 'totp', '{\"secret\": \"bench-not-a-secret\"}'::jsonb, user_id, now() "
            "FROM org_leaderassignment ON CONFLICT DO NOTHING"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, key FROM themes_theme WHERE active ORDER BY id")
        themes = cursor.fetchall()
    theme_ids = [t[0] for t in themes]
    theme_weights = nrng.dirichlet(np.ones(len(themes)) * 2)
    examples = [
        json.loads(line)["text"]
        for line in (ROOT / "upstream/themes/data/examples.jsonl").read_text().splitlines()
        if line.strip()
    ]
    centres = nrng.standard_normal((len(themes), EMBED_DIM)).astype(np.float32)

    # Concerns: arrivals grow by ~30% a year; units have uneven rates (lognormal).
    n = args.concerns
    age = nrng.power(1.3, n)  # skewed toward recent
    received = [first_day + dt.timedelta(days=int(a * (days - 1))) for a in age]
    unit_rate = nrng.lognormal(0, 0.8, len(leaves))
    unit_pick = nrng.choice(len(leaves), n, p=unit_rate / unit_rate.sum())
    # A tenth of concerns are filed at department or hospital level.
    upper = [u for u in units if u["level"] in ("department", "hospital")]
    theme_pick = nrng.choice(len(themes), n, p=theme_weights)
    second_pick = nrng.choice(len(themes), n)
    has_second = nrng.random(n) < 0.5
    roll = nrng.random(n)
    ids = [uuid.uuid4() for _ in range(n)]
    open_rows: list[int] = []
    release_hour = dt.time(7, tzinfo=dt.UTC)

    def concern_rows():
        for i in range(n):
            day = received[i]
            age_days = (today - day).days
            if roll[i] > 0.1:
                unit_id = leaves[unit_pick[i]]["id"]
            else:  # filed at department or hospital level
                unit_id = upper[int(roll[i] * 10 * len(upper)) % len(upper)]["id"]
            urgent = roll[i] < 0.004
            visible = dt.datetime.combine(day + dt.timedelta(days=1), release_hour)
            due = add_business_days(visible.date(), 3)
            r = (roll[i] * 7919) % 1.0
            if age_days < 5:
                status = "new" if r < 0.6 else "acknowledged"
            elif age_days < 120:
                status = OPEN[int(r * 3)] if r < 0.5 else ("action_taken" if r < 0.7 else "closed")
            else:
                status = (
                    ("acknowledged" if r < 0.01 else "in_progress")
                    if r < 0.03
                    else ("action_taken" if r < 0.4 else "closed")
                )
            acknowledged = None
            if status != "new":
                late = 1 + int(r * 97) % 6
                acknowledged = visible + dt.timedelta(days=late, hours=3)
            elif age_days >= 5 and r < 0.02:
                acknowledged = None
            if status in OPEN:
                open_rows.append(i)
            awaiting = status in OPEN and r > 0.97
            yield (
                ids[i],
                examples[i % len(examples)] + f" (#{i})",
                unit_id,
                roles[i % len(roles)] if r < 0.7 else "",
                status,
                urgent,
                day,
                visible,
                due,
                acknowledged,
                awaiting,
                day + dt.timedelta(days=365 * 7),
                dt.datetime.combine(due, dt.time(23, 59), tzinfo=dt.UTC),
                False,
                theme_ids[theme_pick[i]],
                False,
                acknowledged is None and age_days >= 5,  # past its deadline: the level above was told
                False,  # unannounced: every digest of five years went out long ago
            )

    t0 = time.perf_counter()
    copy_rows(
        "concerns_concern",
        [
            "id",
            "text",
            "unit_id",
            "role_group",
            "status",
            "urgent",
            "received_on",
            "visible_from",
            "ack_due_on",
            "acknowledged_at",
            "awaiting_leader",
            "retain_until",
            "ack_due_at",
            "reminded",
            "main_theme_id",
            "crisis_reply_unannounced",
            "escalated",
            "unannounced",
        ],
        concern_rows(),
    )
    print(f"concerns: {n:,} in {time.perf_counter() - t0:.0f} s", flush=True)

    def theme_rows():
        for i in range(n):
            yield (uuid.uuid4(), ids[i], theme_ids[theme_pick[i]], 0.8, True, False)
            if has_second[i] and second_pick[i] != theme_pick[i]:
                yield (uuid.uuid4(), ids[i], theme_ids[second_pick[i]], 0.4, False, False)

    t0 = time.perf_counter()
    rows = copy_rows(
        "themes_concerntheme",
        ["id", "concern_id", "theme_id", "score", '"primary"', "corrected"],
        theme_rows(),
    )
    print(f"concern themes: {rows:,} in {time.perf_counter() - t0:.0f} s", flush=True)

    def embedding_rows():
        for i in open_rows:
            v = centres[theme_pick[i]] + nrng.standard_normal(EMBED_DIM).astype(np.float32) * 1.2
            v /= np.linalg.norm(v)
            yield (ids[i], "bench-random", v.astype(np.float32).tobytes())

    rows = copy_rows("themes_concernembedding", ["concern_id", "backend", "vector"], embedding_rows())
    print(f"embeddings (open concerns): {rows:,}", flush=True)

    n_actions = args.actions if args.actions is not None else max(20, n // 50)
    scoped = [u for u in units]

    def action_rows():
        for i in range(1, n_actions + 1):
            created = now - dt.timedelta(days=rng.randrange(days))
            published = rng.random() < 0.8
            yield (
                i,
                f"Action {i}: protected break cover",
                "What will change, for staff.",
                rng.choice(scoped)["id"],
                "published" if published else "draft",
                rng.choice([0, 25, 50, 75, 100, 100]),
                rng.randrange(1, len(units) + 1),
                created,
                created + dt.timedelta(days=2) if published else None,
            )

    copy_rows(
        "actions_action",
        [
            "id",
            "title",
            "description",
            "scope_id",
            "state",
            "progress",
            "created_by_id",
            "created_at",
            "published_at",
        ],
        action_rows(),
    )
    copy_rows(
        "actions_action_concerns",
        ["action_id", "concern_id"],
        ((1 + i % n_actions, ids[i]) for i in range(0, n, 20)),
    )

    def signal_rows():
        for _ in range(max(10, len(units) // 10)):
            raised = today - dt.timedelta(days=rng.randrange(60))
            unit = rng.choice(units)
            yield (
                unit["id"],
                rng.choice(theme_ids),
                raised,
                raised - dt.timedelta(days=5),
                14,
                9,
                2.5,
                0.0001,
                f"9 concerns in {unit['name']} in the last 14 days; usual is about 2 per fortnight.",
                "concerns",
                "open",
            )

    copy_rows(
        "signals_signal",
        [
            "scope_id",
            "theme_id",
            "raised_on",
            "started_on",
            "window_days",
            "observed",
            "expected",
            "p_value",
            "message",
            "source",
            "state",
        ],
        signal_rows(),
    )
    t0 = time.perf_counter()
    written = add_surveys(args.survey_answers, args.seed, today)
    print(f"surveys: {written} in {time.perf_counter() - t0:.0f} s", flush=True)
    with connection.cursor() as cursor:
        for table in ("org_unit", "org_user", "actions_action", "signals_signal"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
        cursor.execute("ANALYZE")
    refresh = time.perf_counter()
    try:
        from upstream.insights.summary import refresh_summaries

        refresh_summaries()
        print(f"insights summaries refreshed in {time.perf_counter() - refresh:.0f} s", flush=True)
    except ImportError:
        pass
    print(
        f"generated {len(units):,} units, {args.staff:,} staff, {n:,} concerns, {n_actions:,} actions "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()
