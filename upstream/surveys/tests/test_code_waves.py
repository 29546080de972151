"""Survey codes name their survey in the browser, and the server learns nothing new for it.

The code page gives its script the wave's title and closing day, which the browser keeps beside the
code it makes; the API gives the same to a client taking a code. Neither the page nor the API stores
anything about who holds which code: taking a code still writes only what it wrote before (the
invitation marked answered, to the day, and the allowance count), and showing the list writes nothing.
"""

from __future__ import annotations

import base64
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from upstream.org.models import User
from upstream.speakup import keys
from upstream.speakup import services as speakup
from upstream.speakup.tests import client as blinding
from upstream.surveys import codes
from upstream.surveys.tests.helpers import office_of, open_wave


@pytest.fixture
def wave(org):
    wave = open_wave(org, office_of(org), units=[org.medicine])
    wave.title = 'Autumn pulse <b>"4 West"</b>'
    wave.save(update_fields=["title"])
    return wave


def b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def attribute(page: str, name: str) -> str:
    return html.unescape(re.search(rf'{name}="([^"]*)"', page).group(1))


def test_the_code_page_gives_its_script_the_wave_s_title_and_closing_day(client, wave):
    client.force_login(User.objects.get(username="nurse3"))
    page = client.get(reverse("surveys:surveys_answer:code", args=[wave.pk])).content.decode()
    assert attribute(page, "data-wave-title") == wave.title  # as typed, escaped in the page
    assert "<b>" not in page.split("data-wave-title", 1)[1].split(">", 1)[0]
    assert attribute(page, "data-wave-closes") == wave.closes_on.isoformat()
    assert attribute(page, "data-msg-survey") == "{survey} · open until {closes}"
    assert "This code can no longer be used." in attribute(page, "data-msg-survey-closed")
    assert attribute(page, "data-msg-unrecorded").startswith("Survey not recorded")
    assert attribute(page, "data-msg-remove") == "Remove this code"


def test_the_api_gives_the_title_and_closing_day_with_the_code(client, wave):
    """What the page keeps beside a code, an API client gets with it too."""
    assert client.login(username="nurse3", password=PASSWORD)
    key = speakup.signing_key_for(codes.purpose_of(wave))
    blinded, _inv = blinding.blind(keys.public_key(key), blinding.prepare())
    taken = client.post(
        f"/api/v1/surveys/answer/{wave.pk}/code",
        {"key_id": key.key_id, "blinded_message": b64(blinded)},
        content_type="application/json",
    )
    assert taken.status_code == 200, taken.content
    body = taken.json()
    assert body["purpose"] == f"wave:{wave.pk}"
    assert body["title"] == wave.title and body["closes_on"] == wave.closes_on.isoformat()
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["CodeOut"]
    assert {"title", "closes_on"} <= set(schema["required"])


def _dump() -> dict[str, set[tuple]]:
    """Every row of every table, as sets of tuples (sessions aside: they are not the app's records)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == "django_session":
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names
            tables[table] = {tuple(row) for row in cursor.fetchall()}
    return tables


def test_naming_a_code_s_survey_stores_nothing_new_about_the_person(org, wave):
    """Taking a code through the page and listing the codes writes only what taking a code always
    wrote: the invitation marked answered (a day) and the allowance count, with no code, no title and
    no new column. Showing the list of codes writes nothing at all."""
    person = User.objects.get(username="nurse3")
    browser = Client()
    browser.force_login(person)
    code_page = reverse("surveys:surveys_answer:code", args=[wave.pk])
    page = browser.get(code_page).content.decode()  # makes the wave's key, before the first dump
    before = _dump()
    key = speakup.signing_key_for(codes.purpose_of(wave))
    blinded, _inv = blinding.blind(keys.public_key(key), blinding.prepare())
    issued = browser.post(
        reverse("surveys:surveys_answer:issue_code", args=[wave.pk]),
        {
            "purpose": attribute(page, "data-purpose"),
            "key_id": key.key_id,
            "blinded_messages": [b64(blinded)],
        },
        content_type="application/json",
    )
    assert issued.status_code == 200, issued.content
    after_taking = _dump()
    # Only the records taking a code always wrote: the invitation (answered, to the day) and the
    # speak-up machinery's own tables (the allowance count; nothing this change added).
    changed = {table for table in before if before[table] != after_taking[table]}
    assert "surveys_invitation" in changed and "speakup_allowance" in changed
    assert all(table == "surveys_invitation" or table.startswith("speakup_") for table in changed), changed
    assert set(after_taking) == set(before)

    def columns(table: str) -> list[str]:
        with connection.cursor() as cursor:
            return sorted(c.name for c in connection.introspection.get_table_description(cursor, table))

    # The two records that name the person hold no code and no survey title: no new column.
    assert columns("speakup_allowance") == ["id", "issued", "period", "purpose", "user_id"]
    assert columns("surveys_invitation") == ["answered_on", "id", "user_id", "wave_id"]
    for table, rows in after_taking.items():
        for row in rows - before[table]:
            assert not any(isinstance(value, str) and "Autumn pulse" in value for value in row), (table, row)

    for _ in range(2):  # the list shown again, named by survey: nothing written
        assert browser.get(code_page).status_code == 200
    assert _dump() == after_taking
