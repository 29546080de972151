"""What the running processes record about themselves: the lease of each task a worker is running."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    """The worker running a task holds its lease and renews it while the task runs.

    A RUNNING task whose lease ran out belongs to a worker that is gone (killed, its machine down):
    `upstream.ops.requeue.requeue_abandoned` puts it back in the queue. The row holds a worker id
    and a time, nothing about anyone's submission.
    """

    task = models.OneToOneField(
        DBTaskResult, primary_key=True, on_delete=models.CASCADE, related_name="lease", verbose_name=_("task")
    )
    worker_id = models.CharField(_("worker id"), max_length=64)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("task lease")
        verbose_name_plural = _("task leases")

    def __str__(self) -> str:
        return f"{self.task_id} held by {self.worker_id}"
