"""The trial's default email backend logs that an email was not sent, never to whom or its text:
the log is read by people who must not learn addresses or take over accounts from a reset link."""

from __future__ import annotations

import logging

from django.conf import settings as django_settings
from django.core import mail

from conftest import make_user


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
    assert "email not sent" in lines[0] and lines[0].endswith("to 1 recipient")
    everything = "\n".join(record.getMessage() for record in caplog.records)
    assert "forgetful" not in everything
    assert "/accounts/password/reset/key/" not in everything


def test_one_line_per_email_with_its_recipient_count(settings, caplog):
    settings.EMAIL_BACKEND = "upstream.ops.mail.SummaryOnlyBackend"
    messages = [
        ("New concerns in Upstream", "Two concerns wait.", "u@x.example", ["a@x.example", "b@x.example"]),
        ("Reminder", "One is due today.", "u@x.example", ["c@x.example"]),
    ]
    with caplog.at_level(logging.INFO, logger="upstream.ops.mail"):
        assert mail.send_mass_mail(messages) == 2
    lines = [record.getMessage() for record in caplog.records if record.name == "upstream.ops.mail"]
    said = "email not sent (UPSTREAM_EMAIL_BACKEND delivers nothing):"
    assert lines == [
        f"{said} 'New concerns in Upstream' to 2 recipients",
        f"{said} 'Reminder' to 1 recipient",
    ]
