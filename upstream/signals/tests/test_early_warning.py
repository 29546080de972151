"""The nightly early-warning job over real concern rows, and what leaders see."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.concerns.services import submit_concern
from upstream.concerns.tests.helpers import released
from upstream.signals.models import Signal
from upstream.signals.services import detect_signals, warnings_for
from upstream.themes.models import ConcernTheme, Theme


def concerns_about(theme_key: str, unit, days: list[int]) -> None:
    """Concerns on the given days ago, their main theme set as a leader would have confirmed it."""
    theme = Theme.objects.get(key=theme_key)
    for days_ago in days:
        if days_ago == 0:  # today's: still sealed in the intake until tomorrow's release
            submit_concern(text="Staffing concern written today.", unit=unit)
            continue
        done = released(f"Staffing concern number {days_ago} on nights.", unit, days_ago=days_ago)
        done.concern.themes.all().delete()
        ConcernTheme.objects.create(concern=done.concern, theme=theme, score=1.0, primary=True)


def test_a_sudden_rise_in_one_unit_raises_a_plain_words_signal(org):
    concerns_about("workload_staffing", org.ward_a, [120, 60])  # the usual: rare
    concerns_about("workload_staffing", org.ward_a, [1, 2, 3, 4, 5, 7, 9])
    signals = detect_signals(timezone.localdate())
    scopes = {s.scope for s in signals}
    assert org.ward_a in scopes
    signal = next(s for s in signals if s.scope == org.ward_a)
    # Raised on the day the rise first crossed the line, not a week later.
    assert signal.theme.key == "workload_staffing" and signal.observed >= 5
    assert signal.raised_on < timezone.localdate()
    assert signal.message.startswith(f"{signal.observed} concerns about workload and staffing in 4 West")
    assert "usual is fewer than 1 per fortnight" in signal.message


def test_the_signal_reaches_the_accountable_leader_and_not_others(client, org):
    concerns_about("workload_staffing", org.ward_a, [1, 2, 3, 4, 5, 6])
    detect_signals(timezone.localdate())
    client.login(username="leader_a", password=PASSWORD)
    assert "Early warnings" in client.get(reverse("concerns:inbox")).content.decode()
    client.login(username="leader_b", password=PASSWORD)
    assert "Early warnings" not in client.get(reverse("concerns:inbox")).content.decode()


def test_fewer_concerns_than_the_minimum_group_never_signal(org):
    concerns_about("respect_safety", org.ward_a, [1, 2, 3, 4])
    assert detect_signals(timezone.localdate()) == []


def test_running_twice_stores_each_signal_once(org):
    concerns_about("workload_staffing", org.ward_a, [1, 2, 3, 4, 5, 6])
    detect_signals(timezone.localdate())
    first = Signal.objects.count()
    detect_signals(timezone.localdate())
    assert Signal.objects.count() == first > 0


def test_a_leader_marks_a_signal_as_noted(client, org):
    concerns_about("workload_staffing", org.ward_a, [1, 2, 3, 4, 5, 6])
    signal = detect_signals(timezone.localdate())[0]
    client.login(username="leader_b", password=PASSWORD)
    assert client.post(reverse("concerns:note_signal", args=[signal.pk])).status_code == 404
    client.login(username="chair", password=PASSWORD)
    client.post(reverse("concerns:note_signal", args=[signal.pk]))
    assert not warnings_for(org.chair)
    assert warnings_for(org.leader)  # noting is the chair's own; the unit's manager still sees it


def test_concerns_not_yet_released_to_leaders_do_not_count(org):
    concerns_about("workload_staffing", org.ward_a, [2, 3, 4, 5])
    concerns_about("workload_staffing", org.ward_a, [0])  # today's: released tomorrow morning
    assert detect_signals(timezone.localdate()) == []


def test_noting_from_a_filtered_inbox_comes_back_to_the_same_filters(client, org):
    concerns_about("workload_staffing", org.ward_a, [1, 2, 3, 4, 5, 6])
    signal = detect_signals(timezone.localdate())[0]
    client.login(username="chair", password=PASSWORD)
    filtered = "status=open&theme=workload_staffing"
    page = client.get(reverse("concerns:inbox") + "?" + filtered).content.decode()
    action = reverse("concerns:note_signal", args=[signal.pk])
    assert f'action="{action}?status=open&amp;theme=workload_staffing"' in page
    answer = client.post(f"{action}?status=open&theme=workload_staffing&next=https://example.org/")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("concerns:inbox") + "?status=open&theme=workload_staffing"
