"""A leader is told, by counts and reference only, when a reporter replies."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from upstream.concerns import services
from upstream.concerns.services import reply_as_reporter, submit_concern
from upstream.concerns.tasks import release_batch
from upstream.intake.schedule import top_of_hour

REPLY = "It happened again last night: four hours without a break."


def _notices() -> list:
    return [m for m in mail.outbox if "replied" in m.subject]


def test_it_tells_the_owner_at_the_release_that_brings_the_reply_once(org):
    start = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text="Nobody covers lunch on weekends.", unit=org.ward_a, now=start)
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    concern = done.concern
    services.write_to_reporter(
        concern, org.leader, "Thank you; what shifts are worst?", now=done.visible_from
    )
    mail.outbox.clear()
    pending = reply_as_reporter(services.find_by_receipt(done.receipt), REPLY, now=done.visible_from)
    release_batch.enqueue(top_of_hour(pending.visible_from).isoformat())
    release_batch.enqueue(top_of_hour(pending.visible_from).isoformat())  # a rerun tells nobody twice
    release_batch.enqueue(top_of_hour(pending.visible_from + dt.timedelta(hours=1)).isoformat())
    notices = _notices()
    assert [m.to for m in notices] == [[org.leader.email]]
    assert concern.reference in notices[0].body
    assert "four hours" not in notices[0].body and "break" not in notices[0].body
    recipients = {address for m in mail.outbox for address in m.to}
    assert org.other_leader.email not in recipients and org.outsider.email not in recipients


def test_it_stores_nothing_about_the_reply_beyond_the_thread(org):
    start = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text="Nobody covers lunch on weekends.", unit=org.ward_a, now=start)
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    before = {f.name: getattr(done.concern, f.name) for f in done.concern._meta.concrete_fields}
    pending = reply_as_reporter(services.find_by_receipt(done.receipt), REPLY, now=done.visible_from)
    release_batch.enqueue(top_of_hour(pending.visible_from).isoformat())
    after = {f.name: getattr(done.concern, f.name) for f in done.concern._meta.concrete_fields}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"awaiting_leader"}  # no time, no counter, nothing else
    assert len(_notices()) == 1
    assert done.concern.messages.get().sent_on == timezone.localtime(done.visible_from).date()
