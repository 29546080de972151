"""Themes as leaders meet them: on submission, in the inbox, corrected, and similar concerns merged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.concerns.models import Concern
from upstream.concerns.services import find_by_receipt, reply_as_reporter
from upstream.concerns.tests.helpers import released
from upstream.intake.services import release_due
from upstream.themes.models import ConcernTheme, Correction
from upstream.themes.services import correct_themes, corrections_for_training, reclassify

CHARTING = (
    "I finish my notes at home every night; the EHR inbox and documentation take two hours after each shift."
)
CHARTING_TOO = "Documentation in the EHR eats my evenings, I am charting at home until midnight most days."
LIFTS = "Three of our patient lifts have been broken for a month and nobody orders replacement parts."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def test_a_submitted_concern_gets_a_main_theme(org):
    done = released(CHARTING, unit=org.ward_a)
    primary = ConcernTheme.objects.get(concern=done.concern, primary=True)
    assert primary.theme.key == "admin_burden_ehr"


def test_the_inbox_shows_themes_and_filters_by_them(leader, org):
    charting = released(CHARTING, unit=org.ward_a)
    lifts = released(LIFTS, unit=org.ward_a)
    page = leader.get(reverse("concerns:inbox")).content.decode()
    assert "Administrative burden" in page or "EHR" in page
    filtered = leader.get(reverse("concerns:inbox"), {"theme": "admin_burden_ehr"}).content.decode()
    assert str(charting.concern.pk) in filtered and str(lifts.concern.pk) not in filtered


# The second case is a hand-made form sending a key twice and the primary again: one theme each
# (it was a 500 from the database's one-row-per-theme rule, found by the schema fuzz on the API).
@pytest.mark.parametrize(
    "secondary",
    [["resources_equipment"], ["resources_equipment", "resources_equipment", "workload_staffing"]],
)
def test_a_leader_corrects_themes_and_the_correction_is_kept_for_training(leader, org, settings, secondary):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    done = released(LIFTS, unit=org.ward_a)
    response = leader.post(
        reverse("concerns:themes", args=[done.concern.pk]),
        {"primary": "workload_staffing", "secondary": secondary},
    )
    assert response.status_code == 302
    rows = {r.theme.key: r.primary for r in ConcernTheme.objects.filter(concern=done.concern)}
    assert rows == {"workload_staffing": True, "resources_equipment": False}
    correction = Correction.objects.get()
    assert correction.leader == org.leader and correction.primary.key == "workload_staffing"
    assert (LIFTS, "workload_staffing") in corrections_for_training()


def test_a_correction_of_another_units_concern_is_refused(client, org):
    done = released(LIFTS, unit=org.ward_b)
    client.login(username="leader_a", password=PASSWORD)
    response = client.post(
        reverse("concerns:themes", args=[done.concern.pk]), {"primary": "workload_staffing"}
    )
    assert response.status_code == 404
    assert not Correction.objects.exists()


def test_similar_concerns_are_offered_and_merged_with_every_receipt_still_working(leader, client, org):
    first = released(CHARTING, unit=org.ward_a)
    second = released(CHARTING_TOO, unit=org.ward_a)
    unrelated = released(LIFTS, unit=org.ward_a)
    # Held before the merge: afterwards a receipt opens the shared concern.
    first_concern, second_concern, unrelated_concern = first.concern, second.concern, unrelated.concern
    reply_as_reporter(second_concern, "Still charting at home this week.")
    release_due(timezone.now() + dt.timedelta(days=2))
    page = leader.get(reverse("concerns:detail", args=[first_concern.pk])).content.decode()
    assert "Similar concerns" in page
    assert str(second_concern.pk) in page and f'value="{unrelated_concern.pk}"' not in page
    leader.post(
        reverse("concerns:merge", args=[first_concern.pk]),
        {"merge": [str(second_concern.pk)], "confirmed": "yes"},
    )
    assert Concern.objects.get(pk=second_concern.pk).merged_into_id == first_concern.pk
    shared = find_by_receipt(second.receipt)
    assert shared.pk == first_concern.pk and shared.merged_from.pk == second_concern.pk
    assert "Still charting at home this week." in [m.text for m in shared.messages.all()]
    from upstream.concerns.services import write_to_reporter

    write_to_reporter(shared, org.leader, "We are piloting scribes on 4 West next month.")
    view = client.post(reverse("receipt:lookup"), {"receipt": second.receipt}).content.decode()
    assert CHARTING_TOO in view and "Still charting at home" in view and "piloting scribes" in view
    # The first reporter sees the leaders' answer but not the other reporter's words.
    view = client.post(reverse("receipt:lookup"), {"receipt": first.receipt}).content.decode()
    assert "piloting scribes" in view
    assert CHARTING_TOO not in view and "Still charting at home" not in view
    inbox = leader.get(reverse("concerns:inbox")).content.decode()
    assert str(second_concern.pk) not in inbox  # merged concerns leave the inbox


def test_retraining_uses_corrections_and_is_skipped_when_labels_did_not_change(
    org, tmp_path, settings, monkeypatch
):
    from upstream.themes.tasks import retrain_theme_model
    from upstream.themes.textmodel import service

    # The real training path on a small slice of the project's examples, so the test stays quick.
    examples = service.theme_examples()
    by_theme: dict[str, list[tuple[str, str]]] = {}
    for text, key in examples:
        by_theme.setdefault(key, []).append((text, key))
    monkeypatch.setattr(
        service, "theme_examples", lambda: [e for rows in by_theme.values() for e in rows[:8]]
    )
    settings.DATA_DIR = tmp_path
    done = released(LIFTS, unit=org.ward_a)
    settings.UPSTREAM_TEXT_BACKEND = "static-minilm"  # the same training path, embedded in milliseconds
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    correct_themes(done.concern, org.leader, "resources_equipment")
    first = retrain_theme_model.call()
    assert (tmp_path / "models" / "static-minilm").exists()
    assert retrain_theme_model.call() == first


def test_re_theming_keeps_leaders_corrections(org, settings):
    from upstream.themes.services import reclassify

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    corrected = released(LIFTS, unit=org.ward_a)
    correct_themes(corrected.concern, org.leader, "workload_staffing")
    untouched = released(CHARTING, unit=org.ward_a)
    ConcernTheme.objects.filter(concern=untouched.concern).delete()
    assert reclassify(Concern.objects.all()) == 1
    assert ConcernTheme.objects.get(concern=corrected.concern, primary=True).theme.key == "workload_staffing"
    assert ConcernTheme.objects.get(concern=untouched.concern, primary=True).theme.key == "admin_burden_ehr"


def test_excerpts_of_similar_concerns_count_as_reads(leader, org):
    from upstream.concerns.models import ReadRecord

    first = released(CHARTING, unit=org.ward_a)
    second = released(CHARTING_TOO, unit=org.ward_a)
    leader.get(reverse("concerns:detail", args=[first.concern.pk]))
    assert ReadRecord.objects.filter(leader=org.leader, concern=second.concern, via="excerpt").exists()
    # Recorded as an excerpt, not as its page: the audit trail listed pages nobody had opened.
    assert not ReadRecord.objects.filter(concern=second.concern, via="page").exists()


def test_a_unit_leader_does_not_see_a_sibling_units_concern_merged_in_by_the_chair(client, org):
    from upstream.concerns.services import merge_concerns

    mine = released(CHARTING, unit=org.ward_a)
    sibling = released(CHARTING_TOO, unit=org.ward_b)
    merge_concerns(mine.concern, [sibling.concern], org.chair)
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("concerns:detail", args=[mine.concern.pk])).content.decode()
    assert CHARTING_TOO not in page
    client.login(username="chair", password=PASSWORD)
    assert CHARTING_TOO in client.get(reverse("concerns:detail", args=[mine.concern.pk])).content.decode()


def test_the_main_theme_kept_on_the_concern_follows_release_correction_and_retraining(org):
    """The similar-concerns search reads `Concern.main_theme`: it must name the primary theme row."""

    def main_and_primary(concern: Concern) -> tuple[str | None, str]:
        concern.refresh_from_db()
        primary = ConcernTheme.objects.get(concern=concern, primary=True).theme.key
        return (concern.main_theme.key if concern.main_theme else None), primary

    done = released(CHARTING, unit=org.ward_a)
    assert main_and_primary(done.concern) == ("admin_burden_ehr", "admin_burden_ehr")
    correct_themes(done.concern, org.leader, "workload_staffing", ["resources_equipment"])
    assert main_and_primary(done.concern) == ("workload_staffing", "workload_staffing")
    other = released(LIFTS, unit=org.ward_a).concern
    Concern.objects.filter(pk=other.pk).update(main_theme=None)
    reclassify([other])
    main, primary = main_and_primary(other)
    assert main == primary is not None
