"""What a mail server's refusals do (an email walk through a real SMTP server).

One leader's address refused (550 User unknown) failed the whole digest: the other leaders never
heard, every later run sent it again to those before it, and the error, with the address, went to
the log. An escalation whose email could not be sent was marked sent ("the next leader up was
told") and never tried again. An email sent while the mail server was down vanished without a line.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as Outbox

from upstream.concerns import batches
from upstream.concerns.models import Concern, Event
from upstream.lib.mail import send_mail, send_mass_mail

GONE = "leaver@example.org"


class RefusingBackend(Outbox):
    """The test outbox, with a mail server that does not know one address."""

    def send_messages(self, messages):
        for message in messages:
            if GONE in message.recipients():
                raise smtplib.SMTPRecipientsRefused({GONE: (550, b"5.1.1 User unknown")})
        return super().send_messages(messages)


class UnreachableBackend(Outbox):
    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


def test_an_address_the_server_refuses_costs_that_email_alone_and_is_not_logged(settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    digests = [
        (f"New concerns {n}", "Two wait.", "u@x.example", [to])
        for n, to in enumerate(["a@x.example", GONE, "b@x.example"])
    ]
    with caplog.at_level(logging.DEBUG):
        assert send_mass_mail(digests, kind="concern-batch") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.example", "b@x.example"]
    said = "\n".join(record.getMessage() for record in caplog.records)
    assert "email concern-batch refused by the mail server (550); the others are sent" in said
    assert "leaver" not in said


def test_a_mail_server_that_cannot_be_reached_is_said_even_when_the_caller_goes_on(settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableBackend"
    with caplog.at_level(logging.WARNING):
        assert (
            send_mail(
                "Gathering moved", "Now at noon.", None, ["a@x.example"], kind="gathering", fail_silently=True
            )
            == 0
        )
    assert (
        "email gathering not sent: the mail server could not be used (ConnectionRefusedError)" in caplog.text
    )
    with pytest.raises(ConnectionRefusedError):
        send_mail("Digest", "One waits.", None, ["a@x.example"], kind="concern-batch")


def test_every_email_asks_for_no_automatic_reply():
    send_mail("Reminder", "One is due today.", None, ["a@x.example"], kind="acknowledgment-reminder")
    assert mail.outbox[-1].message()["Auto-Submitted"] == "auto-generated"


@pytest.mark.django_db
def test_an_escalation_the_mail_server_did_not_take_is_not_marked_sent_and_goes_next_run(org, settings):
    now = dt.datetime(2026, 3, 11, 14, 0, tzinfo=dt.UTC)
    visible = now - dt.timedelta(days=6)
    overdue = Concern.objects.create(
        id=uuid.uuid4(),
        text="We were short on nights again and nobody took a break.",
        unit=org.ward_a,
        received_on=(visible - dt.timedelta(days=1)).date(),
        visible_from=visible,
        ack_due_on=(visible + dt.timedelta(days=3)).date(),
        ack_due_at=visible + dt.timedelta(days=3),
        retain_until=(visible + dt.timedelta(days=2555)).date(),
    )
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableBackend"
    with pytest.raises(ConnectionRefusedError):
        batches.escalate_overdue(now)
    overdue.refresh_from_db()
    assert not overdue.escalated
    assert not Event.objects.filter(
        concern=overdue, kind=Event.Kind.ESCALATED
    ).exists()  # "was told": not said

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert batches.escalate_overdue(now + dt.timedelta(hours=1)) == 1
    assert [m.extra_headers["X-Upstream-Kind"] for m in mail.outbox] == ["acknowledgment-overdue"] * len(
        mail.outbox
    )
    assert mail.outbox and Event.objects.filter(concern=overdue, kind=Event.Kind.ESCALATED).count() == 1
    # It links the concern, not an inbox of hundreds where it may not be on the first page.
    assert f"/inbox/{overdue.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_leader_whose_account_was_deactivated_gets_no_more_of_the_units_emails(org):
    """A leaver, deactivated, still got the digests, reminders and escalations (an email walk)."""
    now = dt.datetime(2026, 3, 11, 14, 0, tzinfo=dt.UTC)
    concern = Concern.objects.create(
        id=uuid.uuid4(),
        text="The pharmacy closes at six and night orders wait.",
        unit=org.ward_a,
        received_on=now.date(),
        visible_from=now,
        ack_due_on=(now + dt.timedelta(days=3)).date(),
        ack_due_at=now + dt.timedelta(days=3),
        retain_until=(now + dt.timedelta(days=2555)).date(),
    )
    assert org.leader in batches.inbox_holders(org.ward_a, now)
    batches._send_digests(Concern.objects.filter(pk=concern.pk), now)
    assert org.leader.email in {m.to[0] for m in mail.outbox}
    mail.outbox.clear()

    org.leader.is_active = False
    org.leader.save(update_fields=["is_active"])
    batches._send_digests(Concern.objects.filter(pk=concern.pk), now)
    assert org.leader.email not in {m.to[0] for m in mail.outbox}
    holders = batches.inbox_holders(org.ward_a, now)
    assert org.leader not in holders and holders  # the level above hears instead


def test_an_account_email_s_subject_names_the_organisation_not_the_request_s_host(client, org, settings):
    """ "[localhost:8101] Password Reset Email" while its link named the configured site."""
    client.post("/accounts/password/reset/", {"email": org.leader.email})
    assert mail.outbox[-1].subject.startswith(f"[{settings.UPSTREAM_ORG_NAME}] ")
    assert "testserver" not in mail.outbox[-1].subject
