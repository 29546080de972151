"""The default email backend of a trial: it delivers nothing and logs one line per email.

Django's console backend prints whole emails to standard output, which is the log under systemd
and in a container: every recipient's address, and the links in password-reset emails, which let
whoever reads the log sign in as that person. This backend says only that an email was not sent,
its subject (product wording) and how many recipients it had.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

log = logging.getLogger(__name__)


class SummaryOnlyBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            recipients = len(message.recipients())
            # Not the body's length either: it differs with what the email says (how many concerns).
            log.info(
                "email not sent (UPSTREAM_EMAIL_BACKEND delivers nothing): %r to %d recipient%s",
                str(message.subject),
                recipients,
                "" if recipients == 1 else "s",
            )
        return len(email_messages)
