"""The anonymity dump test, extended to survey answers (DESIGN.md rules 1, 2 and 6).

Several signed-in people answer a wave through the page and the API. Dumps taken before release
and after it show: before, only sealed intake entries and each invitation's answered day; after,
answer rows with no identifier, no time finer than the day, one transaction, in shuffled order.
The request log records no line for any of it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.org.models import User
from upstream.privacy.tests import test_anonymity as base
from upstream.surveys.models import Invitation, Response
from upstream.surveys.tests.helpers import office_of, open_wave

WRITERS = ["nurse0", "nurse1", "nurse2", "nurse3", "nurse4", "nurse5"]


def test_answers_leave_nothing_that_links_or_orders_them(org, caplog):
    caplog.set_level(logging.DEBUG)
    wave = open_wave(org, office_of(org), units=[org.medicine])
    clients = {name: base.sign_in(name) for name in WRITERS}
    users = {User.objects.get(username=n): c.cookies["sessionid"].value for n, c in clients.items()}
    before = base.dump()
    caplog.clear()
    # Division answers 1..5 and 1 in submission order, so the released order can be compared.
    for index, name in enumerate(WRITERS[:5]):
        page = clients[name].post(
            reverse("surveys:surveys_answer:answer", args=[wave.pk]),
            {"upstream-pulse__up_division": str(index + 1), "comment": f"comment number {index}"},
        )
        assert "Your answers were received" in page.content.decode()
        assert 'class="help-line' in page.content.decode()  # under every answer, crisis or not
    api = clients[WRITERS[5]].post(
        f"/api/v1/surveys/answer/{wave.pk}",
        {"answers": {"upstream-pulse": {"up_division": 1}}},
        content_type="application/json",
    )
    assert api.status_code == 202

    pending = base.written(before, base.dump())
    assert set(pending) <= {"intake_intakeentry", "surveys_invitation"}
    # The invitation (who) changed only its answered day; it names the person, as it must.
    assert {i.answered_on for i in Invitation.objects.filter(answered_on__isnull=False)} == {
        timezone.localdate()
    }
    base.assert_no_identifiers(users, {"intake_intakeentry": pending["intake_intakeentry"]}, caplog.text)
    assert [r for r in caplog.records if r.name == "upstream.requests"] == []
    assert "comment number" not in caplog.text

    release_due(timezone.now() + dt.timedelta(days=2))
    assert not IntakeEntry.objects.exists()
    after = base.written(before, base.dump())
    answers = {k: v for k, v in after.items() if k in ("surveys_response", "surveys_comment")}
    base.assert_no_identifiers(users, answers, caplog.text)
    assert {r.released_on for r in Response.objects.all()} == {timezone.localdate() + dt.timedelta(days=1)}
    if connection.vendor == "postgresql":
        xmins = {x for _v, x in base.physical("surveys_response", "id")}
        assert len(xmins) == 1, "answer rows must share one transaction id per batch"
    assert Response.objects.count() == 6


def test_answers_held_back_for_their_group_keep_nothing_of_their_writing(org, caplog):
    """A small group's answers are sealed back into the intake at release: a dump after it shows no
    answer row, and intake rows that are all new (new ids, re-sealed, on PostgreSQL one transaction),
    so nothing of the moment each was first written remains."""
    caplog.set_level(logging.DEBUG)
    wave = open_wave(org, office_of(org), units=[org.medicine])
    clients = {name: base.sign_in(name) for name in WRITERS[:3]}
    users = {User.objects.get(username=n): c.cookies["sessionid"].value for n, c in clients.items()}
    before = base.dump()
    for index, name in enumerate(WRITERS[:3]):
        page = clients[name].post(
            reverse("surveys:surveys_answer:answer", args=[wave.pk]),
            {"upstream-pulse__up_division": str(index + 1), "comment": f"held comment {index}"},
        )
        assert "Your answers were received" in page.content.decode()
    written_by_writers = base.written(before, base.dump())["intake_intakeentry"]

    release_due(timezone.now() + dt.timedelta(days=2))
    assert not Response.objects.exists() and IntakeEntry.objects.count() == 3
    after = base.written(before, base.dump())
    assert set(after) <= {"intake_intakeentry", "surveys_invitation"}
    assert not after["intake_intakeentry"] & written_by_writers  # every row rewritten, none kept
    # The invitation names its person, as it must (rule 6); the intake must not.
    base.assert_no_identifiers(users, {"intake_intakeentry": after["intake_intakeentry"]}, caplog.text)
    assert "held comment" not in caplog.text
    if connection.vendor == "postgresql":
        xmins = {x for _v, x in base.physical("intake_intakeentry", "id")}
        assert len(xmins) == 1, "held entries must all carry the release's transaction id"
