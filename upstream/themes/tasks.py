"""Background work for themes."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def retrain_theme_model() -> str:
    """Retrain on the project's examples plus every leader correction.

    Idempotent: when the labels have not changed since the newest model, nothing is trained.
    The new model is versioned, written atomically and verified when it is next loaded.
    """
    from upstream.themes.services import corrections_for_training
    from upstream.themes.textmodel import train_and_save

    manifest = train_and_save(corrections_for_training())
    logger.info("theme model version %s ready", manifest.get("version"))
    return str(manifest.get("version"))
