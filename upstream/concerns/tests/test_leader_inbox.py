"""The leader's inbox and concern page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import dateformat, timezone

from conftest import PASSWORD
from upstream.concerns import services
from upstream.concerns.models import Concern, Event, ReadRecord, Status
from upstream.concerns.services import reply_as_reporter, submit_concern
from upstream.concerns.tasks import release_batch
from upstream.concerns.tests.helpers import released
from upstream.intake.schedule import top_of_hour
from upstream.intake.services import release_due


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def test_new_concerns_reach_leaders_only_at_the_next_batch(leader, org):
    text = "We were short two nurses again tonight."
    with time_machine.travel(dt.datetime(2026, 3, 10, 14, 5, tzinfo=dt.UTC)):
        done = submit_concern(text=text, unit=org.ward_a)
        assert release_due() == 0  # nothing is due before the batch time
        assert text not in leader.get(reverse("concerns:inbox")).content.decode()
    with time_machine.travel(timezone.localtime(done.visible_from) + dt.timedelta(minutes=1)):
        release_batch.enqueue(top_of_hour(timezone.now()).isoformat())
        assert done.concern.received_on == dt.date(2026, 3, 10)
        assert text in leader.get(reverse("concerns:inbox")).content.decode()
        assert "1 new concern reached your Upstream inbox" in mail.outbox[0].body


def test_urgent_concerns_are_released_within_the_hour_with_a_deadline_in_hours(org):
    now = timezone.now()
    done = submit_concern(
        text="I keep thinking everyone would be better off without me.", unit=org.ward_a, now=now
    )
    assert done.crisis
    assert dt.timedelta(0) < done.visible_from - now <= dt.timedelta(hours=1)
    assert done.ack_due_at - done.visible_from == dt.timedelta(hours=4)
    release_due(done.visible_from)
    concern = done.concern
    assert concern.urgent and concern.ack_due_at == done.ack_due_at


def test_an_urgent_concern_not_acknowledged_in_time_is_escalated_once(org):
    done = submit_concern(text="I have a plan and I don't see a way out anymore.", unit=org.ward_a)
    late = done.ack_due_at + dt.timedelta(hours=1)
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    mail.outbox.clear()
    release_batch.enqueue(top_of_hour(late).isoformat())
    release_batch.enqueue(top_of_hour(late).isoformat())
    to = [m.to[0] for m in mail.outbox if m.subject.startswith("Overdue")]
    assert to == [org.chair.email]  # the chair of medicine leads the level above 4 West
    assert "crisis" in mail.outbox[-1].body and "plan" not in mail.outbox[-1].body
    assert done.concern.events.filter(kind=Event.Kind.ESCALATED).count() == 1


def test_a_crisis_reply_after_an_escalation_is_escalated_again_when_its_hours_pass(org):
    # The ordinary deadline was missed and escalated; weeks later the writer replies in crisis
    # words, which gives the concern a deadline in hours. Missing that one must reach the level
    # above too, once: escalation is once per deadline, not once per concern.
    monday = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text="Nobody covers lunch on weekends.", unit=org.ward_a, now=monday)
    release_batch.enqueue(top_of_hour(done.visible_from).isoformat())
    release_batch.enqueue(top_of_hour(done.ack_due_at + dt.timedelta(hours=2)).isoformat())
    assert done.concern.events.filter(kind=Event.Kind.ESCALATED).count() == 1
    later = done.ack_due_at + dt.timedelta(days=7)
    pending = reply_as_reporter(done.concern, "I have a plan and I don't see a way out anymore.", now=later)
    assert pending.crisis
    release_batch.enqueue(top_of_hour(pending.visible_from).isoformat())
    concern = Concern.objects.get(pk=done.concern.pk)
    assert concern.urgent and concern.ack_due_at > pending.visible_from
    mail.outbox.clear()
    missed = top_of_hour(concern.ack_due_at + dt.timedelta(hours=1))
    release_batch.enqueue(missed.isoformat())
    release_batch.enqueue(missed.isoformat())
    release_batch.enqueue((missed + dt.timedelta(hours=1)).isoformat())
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue")]
    assert [m.to for m in overdue] == [[org.chair.email]]
    assert "crisis" in overdue[0].body and "plan" not in overdue[0].body
    assert concern.events.filter(kind=Event.Kind.ESCALATED).count() == 2


def test_the_inbox_puts_urgent_then_overdue_first_and_highlights_overdue(leader, org):
    calm = released(unit=org.ward_a, days_ago=2)
    overdue = released(
        "The break room was removed and we eat at the nurses' station.", unit=org.ward_a, days_ago=20
    )
    urgent = released(
        "Some nights I think everyone would be better off without me.", unit=org.ward_a, days_ago=2
    )
    page = leader.get(reverse("concerns:inbox")).content.decode()
    positions = [page.index(str(c.concern.pk)) for c in (urgent, overdue, calm)]
    assert positions == sorted(positions)
    assert "Acknowledgment overdue" in page


def test_a_leader_sees_only_their_subtree(leader, client, org):
    mine = released(unit=org.ward_a)
    theirs = released("The 5 East pumps alarm all night.", unit=org.ward_b)
    page = leader.get(reverse("concerns:inbox")).content.decode()
    assert str(mine.concern.pk) in page and str(theirs.concern.pk) not in page
    assert leader.get(reverse("concerns:detail", args=[theirs.concern.pk])).status_code == 404
    assert leader.post(reverse("concerns:acknowledge", args=[theirs.concern.pk])).status_code == 404
    # The department chair above both sees both.
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("concerns:inbox")).content.decode()
    assert str(mine.concern.pk) in page and str(theirs.concern.pk) in page


def test_staff_without_a_leader_role_have_no_inbox(client, org):
    client.login(username="reporter", password=PASSWORD)
    assert client.get(reverse("concerns:inbox")).status_code == 404


def test_every_read_is_audit_logged(leader, org):
    done = released(unit=org.ward_a)
    leader.get(reverse("concerns:detail", args=[done.concern.pk]))
    record = ReadRecord.objects.get(via="page")
    assert (record.leader, record.concern) == (org.leader, done.concern)
    leader.get(reverse("concerns:inbox"))
    assert ReadRecord.objects.filter(via="inbox", concern=done.concern).exists()


def test_acknowledge_reply_and_move_the_status(leader, org):
    done = released(unit=org.ward_a)
    leader.post(reverse("concerns:acknowledge", args=[done.concern.pk]))
    leader.post(
        reverse("concerns:write", args=[done.concern.pk]), {"text": "We hear you; staffing review Friday."}
    )
    leader.post(reverse("concerns:status", args=[done.concern.pk]), {"status": "in_progress"})
    done.concern.refresh_from_db()
    assert done.concern.status == Status.IN_PROGRESS
    assert done.concern.acknowledged_at is not None
    kinds = list(Event.objects.filter(concern=done.concern).values_list("kind", flat=True))
    assert kinds == ["acknowledged", "status"]


def test_closing_needs_an_explanation_and_says_so(leader, org):
    done = released(unit=org.ward_a)
    response = leader.post(reverse("concerns:status", args=[done.concern.pk]), {"status": "closed"})
    assert response.status_code == 400
    assert "needs an explanation" in response.content.decode()
    # Answered at /status: the page names its own address, so a Reload does not post again (a walk).
    assert f'data-after-post="/inbox/{done.concern.pk}/"' in response.content.decode()
    assert (
        "data-after-post"
        not in leader.get(reverse("concerns:detail", args=[done.concern.pk])).content.decode()
    )
    done.concern.refresh_from_db()
    assert done.concern.status == Status.NEW


def test_a_too_long_closing_explanation_is_told_only_to_shorten_it(leader, org):
    # It was also told "Closing a concern needs an explanation", which it had (a new-user walk).
    done = released(unit=org.ward_a)
    long = "We moved the rota. " * 600
    response = leader.post(
        reverse("concerns:status", args=[done.concern.pk]), {"status": "closed", "explanation": long}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Please shorten this to 5,000 characters" in body and "needs an explanation" not in body
    assert long.strip() in body  # kept to shorten
    done.concern.refresh_from_db()
    assert done.concern.status == Status.NEW


def test_impossible_moves_are_refused(org):
    done = released(unit=org.ward_a)
    services.change_status(done.concern, org.leader, Status.CLOSED, "Duplicate of the staffing review.")
    with pytest.raises(services.ConcernError, match="cannot move to action taken"):
        services.change_status(done.concern, org.leader, Status.ACTION_TAKEN)


def test_acknowledgment_due_counts_business_days(org):
    friday_noon = dt.datetime(2026, 3, 13, 17, 0, tzinfo=dt.UTC)
    done = submit_concern(text="Nobody covers lunch on weekends.", unit=org.ward_a, now=friday_noon)
    # Released Saturday morning; three business days later is Wednesday.
    assert done.ack_due_on == dt.date(2026, 3, 18)
    release_due()
    assert done.concern.ack_due_on == dt.date(2026, 3, 18)


def test_an_overdue_concern_names_the_day_it_was_due_as_the_reporter_was_told(leader, org):
    """The reporter reads "they must acknowledge it by <day>"; "overdue since <that day>" read as a
    day early."""
    overdue = released("The break room was removed and we eat at the station.", unit=org.ward_a, days_ago=20)
    due = dateformat.format(overdue.concern.ack_due_on, "j M")
    for url in (reverse("concerns:inbox"), reverse("concerns:detail", args=[overdue.concern.pk])):
        page = leader.get(url).content.decode()
        assert f"Acknowledgment overdue: due {due}" in page
        assert "overdue since" not in page


def test_an_urgent_concern_past_its_hour_is_overdue_on_its_page_as_in_the_inbox(leader, org):
    """Due a few hours after release: once the hour passed the inbox said overdue while the page
    still said "Acknowledge by" the same day."""
    urgent = released("Some nights I think everyone would be better off without me.", unit=org.ward_a)
    now = timezone.now()
    Concern.objects.filter(pk=urgent.concern.pk).update(
        ack_due_at=now - dt.timedelta(minutes=1), ack_due_on=timezone.localtime(now).date()
    )
    due = dateformat.format(timezone.localtime(now).date(), "j M")
    for url in (reverse("concerns:inbox"), reverse("concerns:detail", args=[urgent.concern.pk])):
        page = leader.get(url).content.decode()
        assert f"Acknowledgment overdue: due {due}" in page, url
        assert "Acknowledge by" not in page, url
