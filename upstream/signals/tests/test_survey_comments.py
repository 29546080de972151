"""Released survey comments count in the early-warning flows like concerns do (issue 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upstream.intake.services import release_due
from upstream.org.models import User
from upstream.signals.models import Signal
from upstream.signals.services import daily_counts, detect_signals
from upstream.signals.tests.test_early_warning import concerns_about
from upstream.surveys import services as surveys
from upstream.surveys.models import Comment
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave
from upstream.themes.services import Analysis


@pytest.fixture
def wave(org):
    return open_wave(
        org, office_of(org), units=[org.medicine], today=timezone.localdate() - dt.timedelta(days=10)
    )


def comments_about(theme_key: str, unit, wave, days: list[int]) -> None:
    """Released comments on the given days ago, themed as the text model would have at release."""
    today = timezone.localdate()
    Comment.objects.bulk_create(
        Comment(
            wave=wave,
            unit=unit,
            role_group="nurse",
            released_on=today - dt.timedelta(days=days_ago),
            text=f"Comment number {days_ago} about nights.",
            theme=theme_key,
        )
        for days_ago in days
    )


@pytest.fixture
def workload_model(monkeypatch):
    """The text model, fixed: every comment is about workload and staffing (no model needed)."""

    def analyse_many(texts, batch_size=64):
        return [
            Analysis("workload_staffing", [("workload_staffing", 0.9)], False, None, "test") for _ in texts
        ]

    monkeypatch.setattr("upstream.themes.services.analyse_many", analyse_many)


def test_a_rise_made_of_survey_comments_raises_a_signal_in_their_unit(org, wave):
    comments_about("workload_staffing", org.ward_a, wave, [120, 60])  # the usual: rare
    comments_about("workload_staffing", org.ward_a, wave, [1, 2, 3, 4, 5, 7, 9])
    signals = detect_signals(timezone.localdate())
    signal = next(s for s in signals if s.scope == org.ward_a)
    assert signal.theme.key == "workload_staffing" and signal.observed >= 5
    # Said plainly, so no leader looks for them among concerns.
    assert signal.message.startswith(
        f"{signal.observed} survey comments about workload and staffing in 4 West"
    )
    assert signal.source == Signal.Source.SURVEYS
    # It rolls up the tree like concerns, and the sibling unit stays quiet.
    assert org.ward_b not in {s.scope for s in signals}


def test_concerns_and_survey_comments_add_up_and_each_counts_once(at_noon, org, wave):
    concerns_about("workload_staffing", org.ward_a, [1, 3, 5])
    comments_about("workload_staffing", org.ward_a, wave, [2, 4, 6])
    counts = daily_counts(timezone.localdate() - dt.timedelta(days=30), timezone.localdate())
    assert sum(n for (unit, theme, _day), n in counts.items() if unit == org.ward_a.pk) == 6
    # Neither alone reaches the minimum group size of 5; together they cross it with the fifth,
    # two days ago (counted twice, the third would have crossed it, four days ago).
    signal = next(s for s in detect_signals(timezone.localdate()) if s.scope == org.ward_a)
    assert signal.observed == 5 and signal.raised_on == timezone.localdate() - dt.timedelta(days=2)
    assert "5 concerns and survey comments about workload and staffing" in signal.message
    assert signal.source == Signal.Source.BOTH  # so pages can say it in the reader's language
    detect_signals(timezone.localdate())
    assert Signal.objects.filter(scope=org.ward_a).count() == 1


def test_comments_without_a_theme_or_on_another_theme_do_not_make_a_rise(org, wave):
    comments_about("workload_staffing", org.ward_a, wave, [1, 2, 3, 4])
    comments_about("", org.ward_a, wave, [1, 2, 3])  # the model was unavailable at release
    comments_about("respect_safety", org.ward_a, wave, [5])
    assert detect_signals(timezone.localdate()) == []


def test_a_comment_counts_only_once_released_and_then_on_its_release_day(
    org, wave, workload_model, answers_released_singly
):
    comments_about("workload_staffing", org.ward_a, wave, [2, 3, 4, 5])
    nurse = User.objects.get(username="nurse3")
    surveys.submit_answer(
        nurse,
        wave,
        unit_id=None,
        answers={"upstream-pulse": PULSE},
        comment="Two nurses short on every night shift for weeks; nobody gets a break.",
    )
    # Sealed in the intake: no row, no count, no signal.
    assert detect_signals(timezone.localdate()) == []
    release_due(everything=True)
    comment = Comment.objects.get(text__startswith="Two nurses")
    assert comment.theme == "workload_staffing" and comment.released_on == timezone.localdate()
    signal = next(s for s in detect_signals(timezone.localdate()) if s.scope == org.ward_a)
    assert signal.observed == 5
