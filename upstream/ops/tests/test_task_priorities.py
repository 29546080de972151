"""A release queued behind a retraining runs first.

A load test killed the server while the theme model was retraining; the retraining went back into
the queue ahead of the next release (same priority, queued earlier), and the release, which carries
urgent concerns, started 7 minutes late. Releases now outrank everything; retraining, the summary
refreshes and listening-session coding come after everything else.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from upstream.concerns.tasks import release_batch
from upstream.insights.tasks import refresh_insights
from upstream.intake.tasks import release_intake
from upstream.surveys.tasks import survey_day
from upstream.themes.tasks import retrain_theme_model

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _next_claimed() -> str:
    """The task a worker takes next: its own query (django_tasks_db's db_worker)."""
    with transaction.atomic():
        return DBTaskResult.objects.ready().filter(backend_name="default").get_locked().task_path


@pytest.mark.django_db(transaction=True)
def test_releases_go_first_and_heavy_work_last_whatever_the_order_queued(settings):
    settings.TASKS = DATABASE_TASKS
    retrain_theme_model.enqueue()
    refresh_insights.enqueue()
    survey_day.enqueue("2026-12-06")
    release_batch.enqueue("2026-12-06T15:00:00+00:00")
    release_intake.enqueue("2026-12-06T15:00:00+00:00")

    order = []
    for _ in range(5):
        path = _next_claimed()
        order.append(path.rsplit(".", 1)[1])
        DBTaskResult.objects.filter(task_path=path).delete()
    assert order[:2] == ["release_batch", "release_intake"]  # the older of the two first
    assert order[2] == "survey_day"
    assert set(order[3:]) == {"retrain_theme_model", "refresh_insights"}
