from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the product: the server, the worker and the scheduler that releases batches."""

    name = "upstream.ops"
    label = "ops"

    def ready(self) -> None:
        from django_tasks_db.compat import task_finished, task_started

        from upstream.lib import choice_labels
        from upstream.ops import checks  # noqa: F401 - registers the deployment checks
        from upstream.ops.requeue import hold_lease, release_lease

        choice_labels.install()
        # Every database worker, `upstream serve`'s or one started by hand, holds a lease on the task
        # it runs, so the task is queued again if the worker dies (upstream/ops/requeue.py).
        task_started.connect(hold_lease, dispatch_uid="upstream-task-lease")
        task_finished.connect(release_lease, dispatch_uid="upstream-task-lease")
