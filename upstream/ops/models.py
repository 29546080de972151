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


class KeyFingerprint(models.Model):
    """Which receipt and intake keys wrote this database's data, as a fingerprint, never the key.

    A restore into a data directory with other keys (or newly generated ones) looked healthy while
    no earlier receipt or waiting submission opened: `upstream.ops.keys_match` compares the keys in
    use with these rows. A row holds a key's name and a slow keyed hash of a constant label under
    the key; it names no person and no record, and the key cannot be recovered from it.
    """

    name = models.CharField(_("key"), max_length=40, primary_key=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)

    class Meta:
        verbose_name = _("key fingerprint")
        verbose_name_plural = _("key fingerprints")

    def __str__(self) -> str:
        return f"Fingerprint of {self.name}"  # never the key, nor the fingerprint
