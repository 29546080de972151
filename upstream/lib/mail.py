"""Django's send_mail and send_mass_mail with subjects on one line.

A subject names what people wrote: a gathering's, campaign's or wave's title, a unit's name. A line
break in one (the API takes titles as JSON strings) made Django raise BadHeaderError while building
the email, even with fail_silently, after the change it announced was saved: calling off a gathering
saved the call-off and told nobody, and a retry found nothing left to do (found by fuzzing). Every
email of the product is sent through here (a test checks no module imports Django's own).
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


def send_mail(
    subject: str, message: str, from_email: str | None, recipient_list: Sequence[str], **kwargs
) -> int:
    return mail.send_mail(one_line(subject), message, from_email, recipient_list, **kwargs)


def send_mass_mail(datatuple: Iterable[tuple], **kwargs) -> int:
    return mail.send_mass_mail([(one_line(subject), *rest) for subject, *rest in datatuple], **kwargs)


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
