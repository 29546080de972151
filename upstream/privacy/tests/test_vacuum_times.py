"""No table written at an anonymous moment is left to autovacuum, whose run times would date it.

The intake tables are truncated at each release (M24); every other table an anonymous act writes
is registered in `intake/vacuum.py`, has autovacuum off, and is vacuumed by the release instead.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.community.models import Resource
from upstream.community.services.resources import count_use
from upstream.concerns.batches import release_and_notify
from upstream.concerns.services import reply_as_reporter
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry, UsedFormKey
from upstream.intake.vacuum import vacuumed_tables
from upstream.speakup.services import submit_concern_with_token
from upstream.speakup.tests.helpers import obtain
from upstream.surveys import codes
from upstream.surveys import services as surveys
from upstream.surveys.models import Invitation
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave
from upstream.surveys.tests.test_codes import take

TEXT = "Our unit has run two nurses short on nights for six weeks and breaks never happen."
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
TRUNCATED = {IntakeEntry._meta.db_table, UsedFormKey._meta.db_table}


def anonymous_acts(org) -> list[str]:
    """Every kind of anonymous write, each by someone else; returns the SQL they ran."""
    from upstream.org.models import User

    wave = open_wave(org, office_of(org), units=[org.medicine])
    concern = released(TEXT, unit=org.ward_a)
    speakup_code = obtain(User.objects.get(username="nurse1"))[0]
    survey_code = take(User.objects.get(username="nurse2"), wave)
    line = Resource.objects.create(
        name="Crisis line", category="crisis", description="Call any time.", phone="988"
    )
    page = Client()
    page.login(username="reporter", password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        page.post(reverse("speak:new"), {"text": TEXT, "unit": org.ward_a.pk})
        submit_concern_with_token(code=speakup_code, text=TEXT, unit=org.ward_a, role_group="nurse")
        reply_as_reporter(concern.concern, "Thank you, nothing has changed on nights yet.")
        surveys.submit_answer(
            User.objects.get(username="nurse3"), wave, unit_id=None, answers={"upstream-pulse": PULSE}
        )
        codes.submit_answer_with_code(
            wave, survey_code, unit_id=org.ward_a.pk, role_group="nurse", answers={"upstream-pulse": PULSE}
        )
        count_use(line, "call")
    return [query["sql"] for query in queries.captured_queries]


def test_every_table_an_anonymous_act_writes_is_truncated_or_vacuumed_by_the_release(org):
    written = {match.group(1) for sql in anonymous_acts(org) if (match := WRITE.match(sql))}
    assert {"speakup_spenttoken", "surveys_invitation", "community_resourceuse"} <= written
    assert written - TRUNCATED - set(vacuumed_tables()) == set()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_those_tables_have_autovacuum_off_and_the_release_vacuums_them(org):
    anonymous_acts(org)
    release_and_notify(timezone.now() + dt.timedelta(days=2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT c.relname, c.reloptions, s.last_vacuum, s.last_autovacuum, s.last_autoanalyze "
            "FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = ANY(%s)",
            [vacuumed_tables()],
        )
        rows = {name: rest for name, *rest in cursor.fetchall()}
    assert set(rows) == set(vacuumed_tables())
    for name, (options, vacuumed, autovacuumed, autoanalysed) in rows.items():
        assert "autovacuum_enabled=false" in (options or []), name
        assert vacuumed is not None, f"{name} was not vacuumed by the release"
        assert autovacuumed is None and autoanalysed is None, name
    assert Invitation.objects.filter(answered_on__isnull=False).count() == 2
