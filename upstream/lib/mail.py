"""Django's send_mail and send_mass_mail with subjects on one line.

A subject names what people wrote: a gathering's, campaign's or wave's title, a unit's name. A line
break in one (the API takes titles as JSON strings) made Django raise BadHeaderError while building
the email, even with fail_silently, after the change it announced was saved: calling off a gathering
saved the call-off and told nobody, and a retry found nothing left to do (found by fuzzing). Every
email of the product is sent through here (a test checks no module imports Django's own).

Each email also says what kind it is in a header (`X-Upstream-Kind`, "concern-batch"), which the
trial's summary backend logs instead of the subject: a subject can hold a story's or campaign's
title, words a person wrote that have no place in a log (ops/mail.py). A mail filter can sort on it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core import mail
from django.utils import translation

P = ParamSpec("P")
R = TypeVar("R")


def one_line(subject: str) -> str:
    """Line breaks, tabs and runs of spaces as one space."""
    return " ".join(str(subject).split())


KIND_HEADER = "X-Upstream-Kind"


def _message(
    kind: str, subject: str, body: str, from_email: str | None, to: Sequence[str]
) -> mail.EmailMessage:
    return mail.EmailMessage(one_line(subject), body, from_email, list(to), headers={KIND_HEADER: kind})


def send_mail(
    subject: str,
    message: str,
    from_email: str | None,
    recipient_list: Sequence[str],
    *,
    kind: str,
    fail_silently: bool = False,
) -> int:
    return _send([_message(kind, subject, message, from_email, recipient_list)], fail_silently)


def send_mass_mail(datatuple: Iterable[tuple], *, kind: str, fail_silently: bool = False) -> int:
    """(subject, body, from, recipients) tuples, all of one kind, over one connection (as Django's)."""
    return _send([_message(kind, *fields) for fields in datatuple], fail_silently)


def _send(messages: list[mail.EmailMessage], fail_silently: bool) -> int:
    # An email to nobody (a unit without leaders' addresses) is not sent, as Django's send_mail does.
    messages = [message for message in messages if message.recipients()]
    if not messages:
        return 0
    return mail.get_connection(fail_silently=fail_silently).send_messages(messages) or 0


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
