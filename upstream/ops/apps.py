import logging

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from upstream.config import env

logger = logging.getLogger(__name__)


class OpsConfig(AppConfig):
    """Running the product: the server, the worker and the scheduler that releases batches."""

    name = "upstream.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django_tasks_db.compat import task_finished, task_started

        from upstream.lib import choice_labels
        from upstream.ops import checks  # noqa: F401 - registers the deployment checks
        from upstream.ops.requeue import hold_lease, release_lease

        choice_labels.install()
        if not env.WRITE_NOTHING:  # help only: no data directory or key is used, so none to name
            _name_the_data_directory_and_keys()
        # Every database worker, `upstream serve`'s or one started by hand, holds a lease on the task
        # it runs, so the task is queued again if the worker dies (upstream/ops/requeue.py).
        task_started.connect(hold_lease, dispatch_uid="upstream-task-lease")
        task_finished.connect(release_lease, dispatch_uid="upstream-task-lease")


def _name_the_data_directory_and_keys() -> None:
    # Once per process: which keys and (SQLite) database it uses is the first thing to check when
    # two commands seem not to share them. A path only, never a key.
    logger.info("data directory: %s (%s)", settings.DATA_DIR, settings.DATA_DIR_ORIGIN)
    # Where each key came from, never the key: a mistyped data directory makes new keys, and
    # with a new receipt key no earlier receipt opens. A new key is worth a WARNING.
    for name, (origin, generated) in getattr(settings, "UPSTREAM_KEY_ORIGINS", {}).items():
        if generated:
            logger.warning(
                "%s: %s; if this instance already had data, its data directory or environment is wrong",
                name,
                origin,
            )
        else:
            logger.info("%s: from %s", name, origin)
    if getattr(settings, "INTAKE_KEY_PREVIOUS", ""):
        logger.info(
            "UPSTREAM_INTAKE_KEY_PREVIOUS: set; remove it once `upstream release-now` says no entry needs it"
        )
