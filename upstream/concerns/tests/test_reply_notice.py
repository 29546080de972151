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


CRISIS_REPLY = "Thank you for answering. I don't want to wake up tomorrow."


def _urgent_notices() -> list:
    return [m for m in mail.outbox if m.subject.startswith("Urgent")]


def _urgent_and_acknowledged(org):
    """A concern in crisis words, released at the next hour and acknowledged by its leader."""
    start = dt.datetime(2026, 3, 9, 15, 20, tzinfo=dt.UTC)
    done = submit_concern(text="Nights are too much. " + CRISIS_REPLY, unit=org.ward_a, now=start)
    assert done.crisis
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    concern = done.concern
    services.acknowledge(concern, org.leader, now=done.visible_from)
    concern.refresh_from_db()
    assert concern.urgent and concern.acknowledged_at is not None
    return done, concern


def test_a_crisis_reply_on_an_urgent_acknowledged_concern_is_announced_as_urgent(org):
    done, concern = _urgent_and_acknowledged(org)
    acknowledged_at = concern.acknowledged_at
    mail.outbox.clear()
    pending = reply_as_reporter(services.find_by_receipt(done.receipt), CRISIS_REPLY, now=done.visible_from)
    assert pending.crisis
    release_batch.enqueue(top_of_hour(pending.visible_from).isoformat())
    release_batch.enqueue(top_of_hour(pending.visible_from).isoformat())  # a rerun tells nobody twice
    notices = _urgent_notices()
    assert [m.to for m in notices] == [[org.leader.email]], [m.subject for m in mail.outbox]
    assert notices[0].subject == "Urgent: a concern needs you within hours"
    assert "1 of them suggests the writer may be in crisis" in notices[0].body  # the verb its count takes
    assert concern.reference in notices[0].body
    assert "wake up" not in notices[0].body
    assert not _notices()  # the urgent notice instead of, not beside, the ordinary one
    concern.refresh_from_db()
    assert concern.acknowledged_at == acknowledged_at  # the acknowledgment stands
    assert concern.urgent and concern.awaiting_leader and not concern.crisis_reply_unannounced
    # The next, ordinary reply is an ordinary notice again.
    services.write_to_reporter(
        concern, org.leader, "We are here; call the lines above.", now=pending.visible_from
    )
    mail.outbox.clear()
    later = reply_as_reporter(services.find_by_receipt(done.receipt), REPLY, now=pending.visible_from)
    release_batch.enqueue(top_of_hour(later.visible_from + dt.timedelta(hours=1)).isoformat())
    assert len(_notices()) == 1 and not _urgent_notices()


def test_a_crisis_reply_on_a_concern_already_awaiting_its_leader_is_announced_as_urgent(org):
    """The leader had an ordinary reply notice and had not answered yet: the crisis reply that follows
    must still reach them, as urgent."""
    done, concern = _urgent_and_acknowledged(org)
    first = reply_as_reporter(services.find_by_receipt(done.receipt), REPLY, now=done.visible_from)
    release_batch.enqueue(top_of_hour(first.visible_from + dt.timedelta(hours=1)).isoformat())
    mail.outbox.clear()
    again = reply_as_reporter(services.find_by_receipt(done.receipt), CRISIS_REPLY, now=first.visible_from)
    release_batch.enqueue(top_of_hour(again.visible_from + dt.timedelta(hours=1)).isoformat())
    assert [m.to for m in _urgent_notices()] == [[org.leader.email]], [m.subject for m in mail.outbox]
    concern.refresh_from_db()
    assert concern.acknowledged_at is not None
