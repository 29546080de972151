"""The hourly batch and the daily purge find their few concerns (and the purge its few listening
sessions) through an index, not by reading every row.

At a million concerns a sequential scan every hour is seconds of I/O per query; the partial indexes
of migration concerns 0014 hold only the concerns still waiting for something, and the index of
0015 orders concerns by the day they are deleted (listening 0004, sessions by the day held). Each
test runs the
batch's own query and asks the database's planner (EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on
SQLite) how it would read it, on a table shaped like a real one: thousands answered long ago, a few
waiting.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upstream.concerns import batches
from upstream.concerns.models import Concern, Status
from upstream.listening.models import ListeningSession

NOW = dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC)
SETTLED = 4000  # answered and closed long ago: what most of a real table is


def _concern(org, *, days_ago: int, **fields) -> Concern:
    visible = NOW - dt.timedelta(days=days_ago)
    due = visible + dt.timedelta(days=3)
    values = {
        "id": uuid.uuid4(),
        "text": "We were short on nights again.",
        "unit": org.ward_a,
        "received_on": (visible - dt.timedelta(days=1)).date(),
        "visible_from": visible,
        "ack_due_on": due.date(),
        "ack_due_at": due,
        "retain_until": (visible + dt.timedelta(days=2555)).date(),
        **fields,
    }
    return Concern(**values)


@pytest.fixture
def history(org):
    settled = [
        _concern(
            org,
            days_ago=10 + index % 1500,
            status=Status.CLOSED if index % 3 else Status.ACTION_TAKEN,
            acknowledged_at=NOW - dt.timedelta(days=9 + index % 1500),
            reminded=index % 2 == 0,
            escalated=index % 50 == 0,
        )
        for index in range(SETTLED)
    ]
    waiting = [
        _concern(org, days_ago=5),  # overdue, not yet escalated
        _concern(org, days_ago=3, urgent=True),  # due today
        _concern(org, days_ago=1),  # waiting, not due yet
        _concern(org, days_ago=20, status=Status.IN_PROGRESS, acknowledged_at=NOW, awaiting_leader=True),
        _concern(
            org, days_ago=30, status=Status.IN_PROGRESS, acknowledged_at=NOW, crisis_reply_unannounced=True
        ),
    ]
    Concern.objects.bulk_create(settled + waiting)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return waiting


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _first_select_of(run, marker: str) -> str:
    """The SQL of the first SELECT `run` sends that reads `marker`, as the database received it."""
    with CaptureQueriesContext(connection) as queries:
        run()
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and marker in q["sql"]]
    assert selects, f"no SELECT reading {marker}"
    return selects[0]


def _uses(plan: str, index: str, table: str = "concerns_concern") -> bool:
    if connection.vendor == "postgresql":
        return index in plan and f"Seq Scan on {table}" not in plan
    return f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan


BATCH_QUERIES = {
    "escalation": (lambda: batches.escalate_overdue(NOW), '"escalated"', "concern_escalation_due"),
    "reminders": (lambda: batches.remind_due(NOW), '"reminded"', "concern_reminder_due"),
    "replies awaiting a leader": (batches.awaiting_ids, '"awaiting_leader"', "concern_reply_pending"),
    "reply notices": (
        lambda: batches.notify_replies({uuid.uuid4()}, NOW),
        '"crisis_reply_unannounced"',
        "concern_reply_pending",
    ),
}


@pytest.mark.parametrize("query", BATCH_QUERIES, ids=list(BATCH_QUERIES))
def test_it_handles_the_hourly_batch_through_an_index(history, query):
    run, marker, index = BATCH_QUERIES[query]
    plan = _plan(_first_select_of(run, marker))
    assert _uses(plan, index), plan


def test_the_indexed_escalation_still_finds_exactly_the_overdue_concern(history):
    overdue = history[0]
    assert batches.escalate_overdue(NOW) == 1
    escalated = Concern.objects.filter(escalated=True, acknowledged_at=None)
    assert list(escalated.values_list("pk", flat=True)) == [overdue.pk]


# The first day the oldest settled concerns are past keeping: a few of them, among thousands.
PURGE_DAY = (NOW - dt.timedelta(days=10 + 1499) + dt.timedelta(days=2555 + 2)).date()


def test_it_handles_the_daily_purge_through_an_index(history):
    with CaptureQueriesContext(connection) as queries:
        purged = batches.purge_expired(PURGE_DAY)
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and '"retain_until"' in q["sql"]]
    assert purged and selects
    # Both the count and the deletion's own read of the concerns to delete.
    for sql in selects:
        plan = _plan(sql)
        assert _uses(plan, "concern_retention_due"), plan


def test_the_indexed_purge_still_deletes_exactly_the_expired_concerns(history):
    expired = set(Concern.objects.filter(retain_until__lt=PURGE_DAY).values_list("pk", flat=True))
    assert batches.purge_expired(PURGE_DAY) == len(expired)
    assert not Concern.objects.filter(pk__in=expired).exists()
    assert Concern.objects.count() == SETTLED + len(history) - len(expired)


HELD = 3000  # sessions over eight years, one every day or so: the purge deletes the oldest few


@pytest.fixture
def sessions(org):
    ListeningSession.objects.bulk_create(
        ListeningSession(
            title=f"Residents {index}",
            held_on=NOW.date() - dt.timedelta(days=index),
            scope=org.ward_a,
            created_at=NOW - dt.timedelta(days=index),
        )
        for index in range(HELD)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The day on which the five oldest sessions are past keeping.
SESSION_PURGE_DAY = NOW.date() - dt.timedelta(days=HELD - 6) + dt.timedelta(days=3 * 365)


def test_it_handles_the_daily_purge_of_listening_sessions_through_an_index(sessions, settings):
    settings.UPSTREAM_RETENTION_DAYS = 3 * 365
    with CaptureQueriesContext(connection) as queries:
        batches.purge_expired(SESSION_PURGE_DAY)
    selects = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and '"listening_listeningsession"."held_on"' in q["sql"]
    ]
    # Both the count and the deletion's own read of the sessions to delete (for their turns).
    assert len(selects) == 2, selects
    for sql in selects:
        plan = _plan(sql)
        assert _uses(plan, "session_retention_due", "listening_listeningsession"), plan


def test_the_indexed_purge_still_deletes_exactly_the_expired_sessions(sessions, settings):
    settings.UPSTREAM_RETENTION_DAYS = 3 * 365
    cutoff = SESSION_PURGE_DAY - dt.timedelta(days=3 * 365)
    expired = set(ListeningSession.objects.filter(held_on__lt=cutoff).values_list("pk", flat=True))
    assert len(expired) == 5
    batches.purge_expired(SESSION_PURGE_DAY)
    assert not ListeningSession.objects.filter(pk__in=expired).exists()
    assert ListeningSession.objects.count() == HELD - 5
