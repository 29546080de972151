"""Background work for themes."""

from __future__ import annotations

import logging

from django_tasks import task

from upstream.ops import priorities

logger = logging.getLogger(__name__)


@task(priority=priorities.HEAVY)
def retrain_theme_model() -> str:
    """Retrain on the project's examples plus every leader correction.

    Idempotent: when the labels have not changed since the newest model, nothing is trained.
    The new model is versioned, written atomically and verified when it is next loaded.
    """
    from upstream.concerns.models import OPEN_STATUSES, Concern
    from upstream.themes.services import corrections_for_training, reclassify
    from upstream.themes.textmodel import train_and_save

    manifest = train_and_save(corrections_for_training())
    # Open concerns take the new model's view; corrected ones keep the leader's.
    count = reclassify(Concern.objects.filter(status__in=OPEN_STATUSES, merged_into=None))
    logger.info("theme model version %s ready; %d open concerns re-themed", manifest.get("version"), count)
    return str(manifest.get("version"))
