"""The trial's default email backend logs that an email was not sent, never to whom or its text:
the log is read by people who must not learn addresses or take over accounts from a reset link."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings as django_settings
from django.core import mail

from conftest import make_user
from upstream.lib.mail import KIND_HEADER, send_mass_mail


def test_the_default_backend_is_the_summary_one():
    # settings_test.py swaps in locmem for the suite; the product's own default is read from its file.
    from upstream.config import settings as product_settings

    assert product_settings.EMAIL_BACKEND == "upstream.ops.mail.SummaryOnlyBackend"
    assert django_settings.EMAIL_BACKEND != product_settings.EMAIL_BACKEND  # the suite's own


def test_a_password_reset_logs_neither_the_address_nor_the_link(client, db, settings, caplog):
    settings.EMAIL_BACKEND = "upstream.ops.mail.SummaryOnlyBackend"
    make_user("forgetful")
    with caplog.at_level(logging.DEBUG):
        response = client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []  # not kept anywhere either
    lines = [record.getMessage() for record in caplog.records if record.name == "upstream.ops.mail"]
    assert len(lines) == 1
    assert lines[0].endswith(
        "not sent (UPSTREAM_EMAIL_BACKEND delivers nothing): password-reset-key to 1 recipient"
    )
    everything = "\n".join(record.getMessage() for record in caplog.records)
    assert "forgetful" not in everything
    assert "/accounts/password/reset/key/" not in everything


def test_one_line_per_email_with_its_kind_and_recipient_count(settings, caplog):
    settings.EMAIL_BACKEND = "upstream.ops.mail.SummaryOnlyBackend"
    messages = [
        ("New concerns in Upstream", "Two concerns wait.", "u@x.example", ["a@x.example", "b@x.example"]),
        ("Reminder", "One is due today.", "u@x.example", ["c@x.example"]),
        ("To nobody", "A unit without addresses.", "u@x.example", []),
    ]
    with caplog.at_level(logging.INFO, logger="upstream.ops.mail"):
        # One email to each recipient (lib/mail.py): three.
        assert send_mass_mail(messages, kind="concern-batch") == 3
        mail.send_mail("Test email", "Django's sendtestemail", "u@x.example", ["d@x.example", "e@x.example"])
    lines = [record.getMessage() for record in caplog.records if record.name == "upstream.ops.mail"]
    said = "email not sent (UPSTREAM_EMAIL_BACKEND delivers nothing):"
    assert lines == [
        f"{said} concern-batch to 1 recipient",
        f"{said} concern-batch to 1 recipient",
        f"{said} concern-batch to 1 recipient",
        f"{said} an email to 2 recipients",
    ]


def test_a_title_someone_wrote_is_mailed_but_not_logged(org, settings, caplog):
    """The story's title is in the subject of its writer's email; the log says only the kind."""
    from upstream.community.models import Story
    from upstream.community.services import stories

    settings.EMAIL_BACKEND = "upstream.ops.mail.SummaryOnlyBackend"
    story = Story.objects.create(
        author=make_user("storyteller"),
        title="The night my father died on my ward",
        text="x" * 40,
        unit=org.ward_a,
        status=Story.Status.APPROVED,
        submitted_on=datetime.date(2026, 12, 1),
    )
    with caplog.at_level(logging.DEBUG):
        stories._tell_writer(story)
    lines = [record.getMessage() for record in caplog.records if record.name == "upstream.ops.mail"]
    assert lines == [
        "email not sent (UPSTREAM_EMAIL_BACKEND delivers nothing): story-decision to 1 recipient"
    ]
    assert "father" not in "\n".join(record.getMessage() for record in caplog.records)


def test_a_delivered_email_names_its_kind_in_a_header(org):
    """Real mail carries the same kind, which a mail filter can sort on."""
    assert send_mass_mail([("S", "B", "u@x.example", ["a@x.example"])], kind="survey-reminder") == 1
    assert mail.outbox[-1].extra_headers[KIND_HEADER] == "survey-reminder"
    assert mail.outbox[-1].message()[KIND_HEADER] == "survey-reminder"
