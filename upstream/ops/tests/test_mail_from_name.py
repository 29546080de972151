"""Emails come from the organisation by name (an email walk).

UPSTREAM_FROM_EMAIL is an address alone by default (upstream@localhost), and inbox lists showed a
bare "upstream" for a digest of urgent concerns. Without a display name of its own the address is
sent under the organisation's name, the name allauth's subjects already carry."""

from __future__ import annotations

import email
import email.policy

import pytest
from django.core import mail

from upstream.lib.mail import send_mail


def from_as_read(message) -> tuple[str, str]:
    """The From header as a mail program shows it: its name decoded, and its address."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    (address,) = parsed["From"].addresses
    return address.display_name, address.addr_spec


@pytest.mark.parametrize("name", ["Riverbend Health", "Hôpital Saint-Éloi", 'Acme, "North" Clinics'])
def test_an_address_without_a_name_is_sent_under_the_organisation_s_name(settings, name):
    settings.UPSTREAM_ORG_NAME = name
    settings.DEFAULT_FROM_EMAIL = "upstream@hospital.example"
    send_mail("New concerns", "Two wait.", settings.DEFAULT_FROM_EMAIL, ["a@x.example"], kind="concern-batch")
    send_mail("New concerns", "Two wait.", None, ["a@x.example"], kind="concern-batch")
    assert [from_as_read(m) for m in mail.outbox] == [(name, "upstream@hospital.example")] * 2
    assert all(m.message()["From"].isascii() for m in mail.outbox)  # encoded, not raw UTF-8


def test_a_configured_name_is_kept(settings):
    settings.UPSTREAM_ORG_NAME = "Riverbend Health"
    settings.DEFAULT_FROM_EMAIL = "Well-being office <wellbeing@hospital.example>"
    send_mail("Reminder", "Due today.", settings.DEFAULT_FROM_EMAIL, ["a@x.example"], kind="reminder")
    assert from_as_read(mail.outbox[0]) == ("Well-being office", "wellbeing@hospital.example")


def test_an_account_email_comes_from_the_organisation_too(client, org, settings):
    settings.UPSTREAM_ORG_NAME = "Riverbend Health"
    settings.DEFAULT_FROM_EMAIL = "upstream@hospital.example"
    client.post("/accounts/password/reset/", {"email": org.leader.email})
    assert from_as_read(mail.outbox[-1]) == ("Riverbend Health", "upstream@hospital.example")
