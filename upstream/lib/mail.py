"""Django's send_mail and send_mass_mail with subjects on one line.

A subject names what people wrote: a gathering's, campaign's or wave's title, a unit's name. A line
break in one (the API takes titles as JSON strings) made Django raise BadHeaderError while building
the email, even with fail_silently, after the change it announced was saved: calling off a gathering
saved the call-off and told nobody, and a retry found nothing left to do (found by fuzzing). Every
email of the product is sent through here (a test checks no module imports Django's own).

Each email also says what kind it is in a header (`X-Upstream-Kind`, "concern-batch"), which the
trial's summary backend logs instead of the subject: a subject can hold a story's or campaign's
title, words a person wrote that have no place in a log (ops/mail.py). A mail filter can sort on it.

Every recipient gets an email of their own, with their address alone on its To line: a formal ask,
an escalation or the office's notices went as one email to every leader, so each saw the others'
addresses, and one address the mail server refused lost the email for all of them (an email walk).

Each is from the organisation, by name: a configured address without a display name
(UPSTREAM_FROM_EMAIL=upstream@hospital.org, by default upstream@localhost) showed a bare "upstream"
in inbox lists (an email walk). "Name <address>" configured is kept as it is.
"""

from __future__ import annotations

import functools
import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from email.utils import formataddr, parseaddr
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core import mail
from django.utils import translation

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def one_line(subject: str) -> str:
    """Line breaks, tabs and runs of spaces as one space."""
    return " ".join(str(subject).split())


KIND_HEADER = "X-Upstream-Kind"


def sender(from_email: str | None = None) -> str:
    """`from_email` (by default DEFAULT_FROM_EMAIL) with the organisation's name (UPSTREAM_ORG_NAME,
    as allauth's subjects) when it has no display name of its own; a non-ASCII name is encoded for
    the header (RFC 2047), a name with a comma or quote is quoted."""
    configured = from_email or settings.DEFAULT_FROM_EMAIL
    name, address = parseaddr(configured)
    if name or not address or "@" not in address:
        return configured
    return formataddr((one_line(settings.UPSTREAM_ORG_NAME), address))


def _messages(
    kind: str, subject: str, body: str, from_email: str | None, to: Sequence[str]
) -> list[mail.EmailMessage]:
    """One email per address (an address listed twice gets one)."""
    # Auto-Submitted (RFC 3834): an out-of-office reply to an automatic email is not sent back.
    headers = {KIND_HEADER: kind, "Auto-Submitted": "auto-generated"}
    return [
        mail.EmailMessage(one_line(subject), body, sender(from_email), [address], headers=headers)
        for address in dict.fromkeys(to)
    ]


def send_mail(
    subject: str,
    message: str,
    from_email: str | None,
    recipient_list: Sequence[str],
    *,
    kind: str,
    fail_silently: bool = False,
) -> int:
    """One email to each of `recipient_list`; returns how many were sent."""
    return _send(_messages(kind, subject, message, from_email, recipient_list), kind, fail_silently)


def send_mass_mail(datatuple: Iterable[tuple], *, kind: str, fail_silently: bool = False) -> int:
    """(subject, body, from, recipients) tuples, all of one kind, over one connection (as Django's),
    one email to each recipient of each tuple."""
    messages = [message for fields in datatuple for message in _messages(kind, *fields)]
    return _send(messages, kind, fail_silently)


def _send(messages: list[mail.EmailMessage], kind: str, fail_silently: bool) -> int:
    """Each email on its own over one connection. An address the mail server refuses (a leaver's
    mailbox: 550 User unknown) costs that email alone: one refusal failed the whole digest, so the
    other leaders never heard and every later run sent it again to those before it, and the error's
    text, with the address, went to the log (an email walk). That is logged by kind and code only.
    A server that cannot be reached raises, for the caller to try again at its next run, unless
    `fail_silently`, which now says so in the log instead of nothing."""
    # An email to nobody (a unit without leaders' addresses) is not sent, as Django's send_mail does.
    messages = [message for message in messages if message.recipients()]
    if not messages:
        return 0
    sent = 0
    try:
        with mail.get_connection() as connection:
            for message in messages:
                try:
                    sent += connection.send_messages([message]) or 0
                except smtplib.SMTPRecipientsRefused as refused:
                    codes = sorted({str(answer[0]) for answer in refused.recipients.values()})
                    log.warning(
                        "email %s refused by the mail server (%s); the others are sent",
                        kind,
                        ", ".join(codes),
                    )
    except Exception as error:
        if not fail_silently:
            raise
        # The class alone: an SMTP error's text can quote an address.
        log.warning("email %s not sent: the mail server could not be used (%s)", kind, type(error).__name__)
    return sent


def site_language() -> translation.override:
    """Write what follows in the site's language: an email to someone other than the reader."""
    return translation.override(settings.LANGUAGE_CODE)


def in_site_language(compose: Callable[P, R]) -> Callable[P, R]:
    """A function that writes and sends emails to other people, run in the site's language."""

    @functools.wraps(compose)
    def composed(*args: P.args, **kwargs: P.kwargs) -> R:
        with site_language():
            return compose(*args, **kwargs)

    return composed
