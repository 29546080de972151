"""The default email backend of a trial: it delivers nothing and logs one line per email.

Django's console backend prints whole emails to standard output, which is the log under systemd
and in a container: every recipient's address, and the links in password-reset emails, which let
whoever reads the log sign in as that person. This backend says only that an email was not sent,
what kind of email it was and how many recipients it had. Not the subject: a subject can hold
a story's, campaign's or gathering's title, words a person wrote (upstream/lib/mail.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

from upstream.lib.mail import KIND_HEADER

log = logging.getLogger(__name__)


class SummaryOnlyBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            recipients = len(message.recipients())
            # Not the body's length either: it differs with what the email says (how many concerns).
            log.info(
                "email not sent (UPSTREAM_EMAIL_BACKEND delivers nothing): %s to %d recipient%s",
                # Django's sendtestemail and anything else not sent through lib/mail.py name no kind.
                message.extra_headers.get(KIND_HEADER, "an email"),
                recipients,
                "" if recipients == 1 else "s",
            )
        return len(email_messages)
