"""The anonymity promise, tested as an adversary would look: full database dumps and the logs.

Several signed-in people submit through the page and the API. A dump taken after signing in and
before submitting, another before release and another after release must show nothing that
links anyone to what they wrote: no identifier in any row, no row written by signing in, sealed
intake entries of one size, and after release one transaction id, a shuffled physical order and
no sequence or statistic that places a record more precisely than its batch. See docs/anonymity.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.concerns.models import Concern
from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.intake.tests.placeholders import real_entries
from upstream.lib.request_log import AnonymousSafeFormatter
from upstream.org.models import User

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) UniqueAgent/42.0"
TEXT = "Our unit has run two nurses short on nights for six weeks and breaks never happen."
WRITERS = ["reporter", "nurse0", "nurse1", "nurse2", "nurse3", "nurse4"]
ANONYMOUS_TABLES = [
    "concerns_concern",
    "concerns_receipt",
    "concerns_message",
    "themes_concerntheme",
    "themes_concernembedding",
]


def dump() -> dict[str, set[tuple]]:
    """Every row of every table, as an administrator with pg_dump or the SQLite file would see it."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            tables[table] = {tuple(str(value) for value in row) for row in cursor.fetchall()}
    return tables


def physical(table: str, column: str) -> list[tuple[str, str]]:
    """(column, transaction id) in the table's physical order: ctid on PostgreSQL, rowid on SQLite."""
    quoted = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        sql = f"SELECT {column}::text, xmin::text FROM {quoted} ORDER BY ctid"  # noqa: S608
    else:
        sql = f"SELECT {column}, '' FROM {quoted} ORDER BY rowid"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(str(a), b) for a, b in cursor.fetchall()]


def sequences() -> dict[str, int]:
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences")
        return dict(cursor.fetchall())


def written(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> dict[str, set[tuple]]:
    return {
        table: rows - before.get(table, set())
        for table, rows in after.items()
        if rows - before.get(table, set())
    }


def user_fk_columns() -> dict[str, list[int]]:
    """For each table, the positions of columns that point at an account."""
    found: dict[str, list[int]] = {}
    for model in apps.get_models(include_auto_created=True):
        columns = [f.column for f in model._meta.concrete_fields]
        positions = [
            columns.index(f.column)
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is User
        ]
        if positions:
            found[model._meta.db_table] = positions
    return found


def identifiers(user: User, secret: str) -> list[str]:
    return [user.username, user.email, secret, ADDRESS, AGENT]


def assert_no_identifiers(users: dict[User, str], changes: dict[str, set[tuple]], logs: str) -> None:
    fk_columns = user_fk_columns()
    for table, rows in changes.items():
        for row in rows:
            text = " ".join(row)
            for user, secret in users.items():
                for identifier in identifiers(user, secret):
                    assert identifier not in text, f"{identifier!r} written to {table}"
                for position in fk_columns.get(table, []):
                    assert row[position] != str(user.pk), f"{table} points at a writer"
    for user, secret in users.items():
        for identifier in identifiers(user, secret):
            assert identifier not in logs, f"{identifier!r} appeared in the logs"
    assert TEXT not in logs


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def sign_in(username: str) -> Client:
    """Through the real sign-in form, so whatever signing in writes is written."""
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    response = client.post(reverse("account_login"), {"login": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_signing_in_writes_nothing_that_could_sit_next_to_a_submission(org):
    before = dump()
    sign_in("reporter").get(reverse("speak:new"))
    assert written(before, dump()) == {}
    org.reporter.refresh_from_db()
    assert org.reporter.last_login is None


def test_submissions_by_several_people_leave_nothing_that_orders_or_links_them(
    org, logs, django_capture_on_commit_callbacks
):
    clients = {name: sign_in(name) for name in WRITERS}
    users = {
        User.objects.get(username=name): client.cookies["sessionid"].value for name, client in clients.items()
    }
    token = create_token(org.reporter)
    before, sequences_before = dump(), sequences()
    logs.clear()
    for index, name in enumerate(WRITERS * 2):  # twelve submissions, two by each person
        text = f"{TEXT} {'and more, ' * (index * 20)}#{index:02d}"  # lengths differ widely
        response = clients[name].post(reverse("speak:new"), {"text": text, "unit": org.ward_a.pk})
        assert response.status_code == 200 and "Your receipt code" in response.content.decode()
    api = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"text": f"{TEXT} #12"}
    assert api.post("/api/v1/concerns", body, content_type="application/json").status_code == 201
    users[org.reporter] = token

    # Before release: only sealed intake entries (and used form keys), all the same size.
    pending = written(before, dump())
    assert set(pending) <= {"intake_intakeentry", "intake_usedformkey"}
    assert_no_identifiers(users, pending, logs.text)
    sizes = {len(bytes(e.sealed)) for e in IntakeEntry.objects.all()}
    assert len(sizes) == 1, "the sealed size must not reveal the length of the text"
    assert not any(TEXT.encode()[:20] in bytes(e.sealed) for e in IntakeEntry.objects.all())

    # After release: the intake is empty and the visible rows are one shuffled batch.
    # Whatever runs once the release commits (on_commit callbacks) runs here too, before the dump.
    with django_capture_on_commit_callbacks(execute=True):
        released = release_due(timezone.now() + dt.timedelta(days=2))
    assert released == 13 and not IntakeEntry.objects.exists()
    after = written(before, dump())
    assert set(after) <= {
        *ANONYMOUS_TABLES,
        "intake_usedformkey",
        "concerns_batchrelease",
        "insights_dirtyday",
    }
    assert_no_identifiers(users, after, logs.text)
    assert Concern.objects.count() == 13
    assert len({c.visible_from for c in Concern.objects.all()}) == 1
    assert all(c.received_on == timezone.localdate() for c in Concern.objects.all())
    order = [
        int(re.search(r"#(\d\d)$", text).group(1)) for text, _xmin in physical("concerns_concern", "text")
    ]
    assert sorted(order) == list(range(13))
    assert order != list(range(13)), "physical order follows submission order"  # 1 in 6 billion by chance
    if connection.vendor == "postgresql":
        tables = [*ANONYMOUS_TABLES[:2], "intake_usedformkey"]  # form keys were written at submit time
        xmins = {xmin for table in tables for _value, xmin in physical(table, "1")}
        assert len(xmins) == 1, "anonymous rows must share one transaction id per batch"
        assert sequences() == sequences_before, "a sequence moved: it would count submissions in time"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_intake_leaves_no_dead_rows_or_vacuum_times_behind(org):
    client = sign_in("reporter")
    client.post(reverse("speak:new"), {"text": TEXT, "unit": org.ward_a.pk})
    release_due(timezone.now() + dt.timedelta(days=2))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_autovacuum, last_autoanalyze, n_dead_tup FROM pg_stat_user_tables "
            "WHERE relname = 'intake_intakeentry'"
        )
        vacuumed, analysed, _dead = cursor.fetchone()
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'intake_intakeentry'")
        options = cursor.fetchone()[0]
    assert vacuumed is None and analysed is None
    assert "autovacuum_enabled=false" in options


def test_a_receipt_follow_up_leaves_no_address_or_agent(client, org, logs):
    from upstream.concerns.tests.helpers import released

    done = released(TEXT, unit=org.ward_a)
    before = dump()
    logs.clear()
    client.post(
        reverse("receipt:reply"),
        {"receipt": done.receipt, "text": "Still happening this week."},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    changes = written(before, dump())
    assert set(changes) <= {"intake_intakeentry"}
    flat = " ".join(" ".join(row) for rows in changes.values() for row in rows) + logs.text
    assert ADDRESS not in flat and AGENT not in flat and done.receipt not in flat
    assert "Still happening" not in flat


def test_the_request_log_names_the_route_but_never_the_person(client, org, logs):
    client.login(username="leader_a", password=PASSWORD)
    client.get(reverse("concerns:inbox"), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    lines = [r.getMessage() for r in logs.records if r.name == "upstream.requests"]
    assert lines and lines[-1].startswith("GET /inbox/ 200")
    assert not any(ADDRESS in line or "leader_a" in line for line in lines)


def test_the_anonymous_paths_leave_no_log_line_whose_time_could_be_matched(client, org, logs):
    client.login(username="reporter", password=PASSWORD)
    token = create_token(org.reporter)
    logs.clear()
    client.get(reverse("speak:new"))
    client.post(reverse("speak:new"), {"text": TEXT})
    client.post(
        "/api/v1/concerns",
        {"text": TEXT},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    client.get(reverse("receipt:lookup"))
    client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    client.post("/api/v1/receipts/lookup", {"receipt": "nope"}, content_type="application/json")
    assert [r.getMessage() for r in logs.records if r.name == "upstream.requests"] == []
    assert IntakeEntry.objects.count() == 2


def test_an_anonymous_story_or_co_sign_offer_leaves_no_log_line_around_it(client, org, logs):
    """Found on a live run: the anonymous story's POST was silent, but the page it redirects to was
    logged (GET /community/stories/ at the second the story was sent), and offering a concern for
    co-signing with its receipt (POST /community/shared/mine) was logged like any page."""
    from upstream.community.models import SharedConcern
    from upstream.concerns.services import submit_concern

    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release_due(everything=True)
    client.force_login(org.reporter)
    logs.clear()
    sent = client.post(
        reverse("community:stories"),
        {"title": "A night", "text": TEXT, "unit": str(org.medicine.pk), "anonymous": "on"},
        follow=True,
    )
    assert sent.status_code == 200 and sent.redirect_chain
    Client().get(reverse("community:shared_mine"))
    assert (
        Client().post(reverse("community:shared_mine"), {"receipt": code, "action": "offer"}).status_code
        == 200
    )
    assert [r.getMessage() for r in logs.records if r.name == "upstream.requests"] == []
    # (besides the placeholder holding the slot of the concern released before its time)
    assert sorted(e.kind for e in real_entries()) == ["community.offer", "community.story"]
    assert not SharedConcern.objects.exists()


def test_a_refused_form_on_an_anonymous_path_logs_only_the_day_and_says_refused(org, logs):
    """A page without its CSRF token (an expired tab, a stale form) is Django's 403 WARNING with the
    request: it was logged as a "server error", which sent an operator looking for a bug."""
    client = Client(enforce_csrf_checks=True)
    client.login(username="reporter", password=PASSWORD)
    logs.clear()
    assert client.post(reverse("speak:new"), {"text": TEXT, "unit": org.ward_a.pk}).status_code == 403
    formatter = AnonymousSafeFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    lines = [formatter.format(record) for record in logs.records if record.name == "django.security.csrf"]
    assert len(lines) == 1
    day, clock = lines[0].split(" ")[:2]
    assert len(day) == 10 and ":" not in clock, f"a line with an exact time: {lines[0]!r}"
    assert lines[0].endswith("WARNING django.security.csrf request refused on an anonymous path")


def test_a_server_error_on_an_anonymous_path_logs_only_the_day(org, logs, monkeypatch):
    from upstream.concerns import retries

    def broken(**kwargs):
        raise RuntimeError(f"database refused {kwargs['text']}")

    monkeypatch.setattr(retries, "submit_concern", broken)
    client = Client(raise_request_exception=False)
    client.login(username="reporter", password=PASSWORD)
    logs.clear()
    assert client.post(reverse("speak:new"), {"text": TEXT, "unit": org.ward_a.pk}).status_code == 500
    formatter = AnonymousSafeFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    lines = [formatter.format(record) for record in logs.records]
    assert lines
    for line in lines:
        assert TEXT not in line
        day, clock = line.split(" ")[0], line.split(" ")[1]
        assert len(day) == 10 and ":" not in clock, f"a line with an exact time: {line!r}"
