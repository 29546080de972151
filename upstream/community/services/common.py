"""Shared helpers: the error type and text cleaning for community writes."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from upstream.lib.text import clean_user_text


class CommunityError(ValueError):
    """A request that breaks a rule; the message is written for the person who made it.

    `field` names the form field (and API body field) the rule is about, when there is one, so a
    page can say it at that field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Missing(CommunityError):
    """The request names a unit, person, gathering or receipt that does not exist or is not the
    caller's to use: the API answers 404 with this sentence (`access.NotFound` says only "not found")."""


class NotAllowed(CommunityError):
    """The account, or the speak-up code the request carries, does not allow this (the API answers
    403): a code that does not verify or has expired, a campaign for another part of the organisation."""


class Conflict(CommunityError):
    """A well-formed request that what it acts on does not allow now (a closed campaign, an offer
    already decided, a campaign not joined yet): the API answers 409."""


class NotYet(CommunityError):
    """Allowed later, not now, and nothing was used up: a co-sign before enough colleagues hold the
    concern's token. The API answers 423 (Locked), which the co-sign page tells from 409 (already
    co-signed: the token is spent) and keeps the token for."""


def status_of(error: CommunityError) -> int:
    """The HTTP status a refusal is answered with, by the API and by a page's JSON endpoint alike."""
    if isinstance(error, NotYet):
        return 423
    if isinstance(error, Missing):
        return 404
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 400


def in_utc(moment: dt.datetime, *, field: str) -> dt.datetime:
    """A moment as the database keeps it, in UTC. A date-time may carry any offset up to a day, but
    PostgreSQL stores none beyond 15:59 (a -18:00 meeting was a server error there); and a moment at
    the very end of the year 9999 here is in the year 10000 in UTC, which no date holds (a server
    error on SQLite and PostgreSQL alike): it is refused with a sentence."""
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise CommunityError(
            _("Choose a date and time before the last day of the year 9999."), field=field
        ) from None


def clean_text(
    value: object, *, field: str, minimum: int = 1, maximum: int = 2000, name: str | None = None
) -> str:
    """Stripped text within bounds, by the product's one cleaner (`upstream.lib.text`), refused as a
    CommunityError. `field` is the label the message names; `name` the form field a refusal is tied to."""
    try:
        return clean_user_text(value, label=field, minimum=minimum, maximum=maximum)
    except ValueError as error:
        raise CommunityError(str(error), field=name) from None


def setting_int(name: str, default: int, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A community setting: Django settings first (tests), else the environment, read when used."""
    from django.conf import settings

    from upstream.config.env import env_int

    if hasattr(settings, name):
        return int(getattr(settings, name))
    return env_int(name, default, minimum=minimum, maximum=maximum)


def setting_str(name: str, default: str) -> str:
    from django.conf import settings

    from upstream.config.env import env_str

    if hasattr(settings, name):
        return str(getattr(settings, name))
    return env_str(name, default)
