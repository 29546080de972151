"""The dump test, extended to survey comments in early warning and to stored survey results.

Signed-in people answer a wave with comments through the page. After release, the nightly early
warning (which now counts survey comments) and the survey results (whose suppression is now
stored) write new rows: a dump taken after all of it shows no identifier of any writer in any new
or changed row, no time finer than the day, and no comment text outside the comment rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.urls import reverse
from django.utils import timezone

from upstream.intake.services import release_due
from upstream.org.models import User
from upstream.privacy.tests import test_anonymity as base
from upstream.signals.models import Signal
from upstream.signals.services import detect_signals
from upstream.surveys.models import Comment, Wave
from upstream.surveys.results import prepare_results, results_from
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.themes.services import Analysis

WRITERS = ["nurse0", "nurse1", "nurse2", "nurse3", "nurse4", "nurse5"]
TIME_OF_DAY = re.compile(r"\d{2}:\d{2}")


def test_survey_comments_in_early_warning_and_stored_results_link_nobody(org, caplog, monkeypatch, at_noon):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(
        "upstream.themes.services.analyse_many",
        lambda texts, batch_size=64: [
            Analysis("workload_staffing", [("workload_staffing", 0.9)], False, None, "test") for _ in texts
        ],
    )
    office = office_of(org)
    wave = open_wave(org, office, units=[org.medicine], today=timezone.localdate() - dt.timedelta(days=2))
    Wave.objects.filter(pk=wave.pk).update(closes_on=timezone.localdate())
    wave.refresh_from_db()
    clients = {name: base.sign_in(name) for name in WRITERS}
    users = {User.objects.get(username=n): c.cookies["sessionid"].value for n, c in clients.items()}
    before = base.dump()
    for index, name in enumerate(WRITERS):
        page = clients[name].post(
            reverse("surveys:surveys_answer:answer", args=[wave.pk]),
            {
                "upstream-pulse__up_division": str(index % 5 + 1),
                "comment": f"Short again on nights, note {index}.",
            },
        )
        assert "Your answers were received" in page.content.decode()

    release_due(timezone.now() + dt.timedelta(days=1))
    assert Comment.objects.filter(theme="workload_staffing").count() == len(WRITERS)
    raised = detect_signals(timezone.localdate() + dt.timedelta(days=1))
    assert any(s.scope == org.ward_a for s in raised), "the comments should make a rise in 4 West"
    assert prepare_results(results_from(wave) + dt.timedelta(hours=1)) > 0

    after = base.written(before, base.dump())
    assert {"signals_signal", "surveys_comment", "surveys_suppressionmemo"} <= set(after)
    # The invitation (who) names the person, as it must; it holds only the day they answered.
    changed = {table: rows for table, rows in after.items() if table != "surveys_invitation"}
    base.assert_no_identifiers(users, changed, caplog.text)
    for table in ("signals_signal", "surveys_comment", "surveys_suppressionmemo", "surveys_response"):
        for row in after[table]:
            text = " ".join(row)
            assert not TIME_OF_DAY.search(text), f"{table} holds a time of day"
            if table != "surveys_comment":
                assert "Short again on nights" not in text, f"comment text copied into {table}"
    message = Signal.objects.get(scope=org.ward_a, theme__key="workload_staffing").message
    assert "survey comments" in message and "nights" not in message
