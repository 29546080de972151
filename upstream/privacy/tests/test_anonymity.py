"""The anonymity promise, tested as an adversary would look: a full database dump and the logs.

After user X submits (through the page and through the API), nothing written anywhere links X
(id, username, email, session key, client address, user agent) to the concern. See docs/anonymity.md.
"""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.concerns.models import Concern
from upstream.org.models import User

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) UniqueAgent/42.0"
TEXT = "Our unit has run two nurses short on nights for six weeks and breaks never happen."


def dump() -> dict[str, set[tuple]]:
    """Every row of every table, as an administrator with pg_dump or the SQLite file would see it."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from the schema
            tables[table] = {tuple(str(value) for value in row) for row in cursor.fetchall()}
    return tables


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


def identifiers(user: User, session_key: str) -> list[str]:
    return [user.username, user.email, session_key, ADDRESS, AGENT]


def assert_nothing_links(user: User, session_key: str, changes: dict[str, set[tuple]], logs: str) -> None:
    allowed = {"concerns_concern", "concerns_receipt", "themes_concerntheme", "themes_concernembedding"}
    assert set(changes) <= allowed, f"submission wrote to {set(changes)}"
    fk_columns = user_fk_columns()
    for table, rows in changes.items():
        for row in rows:
            text = " ".join(row)
            for identifier in identifiers(user, session_key):
                assert identifier not in text, f"{identifier!r} written to {table}"
            for position in fk_columns.get(table, []):
                assert row[position] != str(user.pk), f"{table} points at the reporter"
    for identifier in identifiers(user, session_key):
        assert identifier not in logs, f"{identifier!r} appeared in the logs"
    concern = Concern.objects.get()
    assert concern.visible_from.minute == 0 and concern.visible_from.second == 0
    assert TEXT not in logs


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_a_page_submission_leaves_nothing_that_identifies_the_reporter(client, org, logs):
    client.login(username="reporter", password=PASSWORD)
    client.get(reverse("speak:new"), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    session_key = client.session.session_key
    before = dump()
    logs.clear()
    response = client.post(
        reverse("speak:new"),
        {"text": TEXT, "unit": org.medicine.pk, "role_group": "nurse"},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    assert response.status_code == 200 and "Your receipt code" in response.content.decode()
    assert_nothing_links(org.reporter, session_key, written(before, dump()), logs.text)


def test_an_api_submission_leaves_nothing_that_identifies_the_reporter(client, org, logs):
    token = create_token(org.reporter)
    before = dump()
    logs.clear()
    response = client.post(
        "/api/v1/concerns",
        {"text": TEXT, "unit_id": org.medicine.pk, "role_group": "nurse"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    assert response.status_code == 201
    assert_nothing_links(org.reporter, token, written(before, dump()), logs.text)


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
    assert set(changes) <= {"concerns_message", "concerns_concern"}
    flat = " ".join(" ".join(row) for rows in changes.values() for row in rows) + logs.text
    assert ADDRESS not in flat and AGENT not in flat and done.receipt not in flat


def test_the_request_log_names_the_route_but_never_the_person(client, org, logs):
    client.login(username="reporter", password=PASSWORD)
    client.get(reverse("speak:new"), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    lines = [r.getMessage() for r in logs.records if r.name == "upstream.requests"]
    assert lines and lines[-1].startswith("GET /speak/ 200")
    assert not any(ADDRESS in line or "reporter" in line for line in lines)


def test_anonymous_writes_leave_no_log_line_whose_time_could_be_matched(client, org, logs):
    client.login(username="reporter", password=PASSWORD)
    token = create_token(org.reporter)
    logs.clear()
    client.post(reverse("speak:new"), {"text": TEXT})
    client.post(
        "/api/v1/concerns",
        {"text": TEXT},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    client.post("/api/v1/receipts/lookup", {"receipt": "nope"}, content_type="application/json")
    assert [r.getMessage() for r in logs.records if r.name == "upstream.requests"] == []
    assert Concern.objects.count() == 2
