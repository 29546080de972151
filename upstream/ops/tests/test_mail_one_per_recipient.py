"""Every recipient gets an email of their own (an email walk).

A formal ask, a shared concern's escalation, the office's notices and the survey crisis notice
went as one email to every leader: each saw the others' addresses on its To line, and one address
the mail server refused lost the email for all of them."""

from __future__ import annotations

import pytest
from django.core import mail

from upstream.lib.mail import send_mail, send_mass_mail
from upstream.ops.tests.test_mail_delivery import GONE

LEADERS = ["a@x.example", "b@x.example", "c@x.example"]


def test_each_recipient_gets_their_own_email_with_only_their_address():
    assert send_mail("A formal ask", "Please acknowledge.", None, LEADERS, kind="formal-ask") == 3
    assert sorted(m.to for m in mail.outbox) == [[address] for address in LEADERS]
    assert all(not m.cc and not m.bcc for m in mail.outbox)
    for message in mail.outbox:
        assert message.message()["To"] == message.to[0]
        assert message.extra_headers["X-Upstream-Kind"] == "formal-ask"
        assert message.subject == "A formal ask" and message.body == "Please acknowledge."


def test_an_address_listed_twice_gets_one_email():
    send_mail("Escalated", "Read it.", None, ["a@x.example", "a@x.example"], kind="shared-concern-escalated")
    assert [m.to for m in mail.outbox] == [["a@x.example"]]


def test_a_mass_mail_s_tuple_of_several_recipients_is_one_email_each():
    send_mass_mail([("Digest", "Two wait.", None, LEADERS[:2])], kind="concern-batch")
    assert sorted(m.to for m in mail.outbox) == [["a@x.example"], ["b@x.example"]]


def test_an_address_the_server_refuses_costs_only_its_own_email(settings):
    settings.EMAIL_BACKEND = "upstream.ops.tests.test_mail_delivery.RefusingBackend"
    assert send_mail("Urgent", "Open Upstream.", None, ["a@x.example", GONE, "b@x.example"], kind="x") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.example", "b@x.example"]


@pytest.mark.django_db
def test_a_formal_ask_reaches_each_leader_of_the_unit_in_an_email_of_their_own(
    org, django_capture_on_commit_callbacks
):
    from upstream.community.services import campaigns
    from upstream.community.tests.factories import charting_campaign
    from upstream.org.models import LeaderAssignment

    LeaderAssignment.objects.create(user=org.other_leader, unit=org.ward_a, title="Deputy manager")
    campaign = charting_campaign(org.reporter, org.ward_a)
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.send_ask(org.reporter, campaign, "Protected charting time of 30 minutes per shift.")
    asks = [m for m in mail.outbox if m.extra_headers["X-Upstream-Kind"] == "formal-ask"]
    assert sorted(m.to for m in asks) == sorted([[org.leader.email], [org.other_leader.email]])
