"""Batch release digests, the scheduler and retention."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from upstream.concerns.batches import notify_leaders, purge_expired
from upstream.concerns.models import BatchRelease, Concern, RetentionPurge
from upstream.concerns.tests.helpers import released
from upstream.privacy.tests.test_traces_outside_the_tables import failed_statements


def test_leaders_get_one_digest_per_batch_with_counts_but_no_text(org):
    done = released(unit=org.ward_a, days_ago=0)
    notify_leaders(done.concern.visible_from)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["chair@example.org", "leader_a@example.org"]
    assert "1 new concern reached your Upstream inbox" in mail.outbox[0].body
    assert done.concern.text not in mail.outbox[0].body
    assert "http://" in mail.outbox[0].body
    # The same batch again (each scheduler start runs the hour's release again): nothing more, and
    # no failed insert, which PostgreSQL logged with its statement at every restart.
    with failed_statements() as failed:
        assert notify_leaders(done.concern.visible_from) == 0
    assert failed == [] and len(mail.outbox) == 2 and BatchRelease.objects.count() == 1


def test_a_failed_send_is_retried_at_the_next_run(org, monkeypatch):
    done = released(unit=org.ward_a, days_ago=0)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("upstream.concerns.batches.send_mass_mail", broken)
    try:
        notify_leaders(done.concern.visible_from)
    except ConnectionRefusedError:
        pass
    assert not BatchRelease.objects.exists()
    monkeypatch.undo()
    notify_leaders(done.concern.visible_from)
    assert len(mail.outbox) == 2


def test_the_scheduler_enqueues_the_hours_work(org):
    call_command("scheduler", "--once")  # the test settings run tasks at once
    assert BatchRelease.objects.exists()


def test_retention_deletes_expired_concerns_and_leaves_an_audit_row(org):
    old = released(unit=org.ward_a)
    Concern.objects.filter(pk=old.concern.pk).update(retain_until=timezone.localdate() - dt.timedelta(days=1))
    keep = released("The supply room is locked at night and nobody has the code.", unit=org.ward_a)
    assert purge_expired() == 1
    assert list(Concern.objects.values_list("pk", flat=True)) == [keep.concern.pk]
    assert RetentionPurge.objects.get().concerns_deleted == 1


def test_a_second_release_in_the_same_minute_is_announced_too(org):
    """A `release-now` right after another (or in the minute of the hourly release) stamps its
    concerns with the same minute: the urgent one among them must still reach its leaders."""
    from upstream.concerns.batches import release_and_notify
    from upstream.concerns.services import submit_concern

    minute = timezone.now().replace(second=0, microsecond=0)
    submit_concern(text="The break room has been closed for a month now.", unit=org.ward_a)
    release_and_notify(minute, everything=True)
    assert [m.subject for m in mail.outbox] == ["New concerns in Upstream"] * 2
    mail.outbox.clear()
    submit_concern(text="I can't go on like this. I want to end it all tonight.", unit=org.ward_a)
    release_and_notify(minute, everything=True)
    urgent = [m for m in mail.outbox if m.subject == "Urgent: a concern needs you within hours"]
    assert sorted(m.to[0] for m in urgent) == ["chair@example.org", "leader_a@example.org"]
    assert "1 new concern reached" in urgent[0].body  # this one, not the first again
    assert BatchRelease.objects.get().concerns == 2
    mail.outbox.clear()
    release_and_notify(minute, everything=True)  # and a third run announces nothing again
    assert mail.outbox == []
