"""The asker's own browser remembers their open peer-support requests, so that they ask once.

A request holds no account (models/peer.py): nothing on the server can tell that two requests came
from one person, and that stays so. The signed-in session keeps the ids of the person's requests
instead. Sessions are signed cookies here (SESSION_ENGINE), held by the browser and never written
to the database, and a sign-out clears them. A second send from another tab of the same browser is
then refused while the first waits (services/peer.py::request_support); once it is closed, they
may ask again.

What this does not cover, and cannot without joining requests to accounts: another browser or
device, a new sign-in, and API calls made with a token (they carry no session). A double tap is the
form key's (PeerRequestForm.form_key).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import HttpRequest

from upstream.community.models import PeerRequest
from upstream.community.services import peer as service

SESSION_NAME = "community.peer.asked"
MOST = 5  # a few open at once at most (a request in crisis words is never held back)
BROWSER_HELD = "django.contrib.sessions.backends.signed_cookies"


def _usable(request: HttpRequest) -> bool:
    """A browser's signed-in session, kept in the browser. With sessions in the database the ids
    would join requests to an account there: then nothing is remembered."""
    return (
        settings.SESSION_ENGINE == BROWSER_HELD
        and getattr(request, "api_token", None) is None
        and request.user.is_authenticated
        and hasattr(request, "session")
    )


def earlier_requests(request: HttpRequest) -> list[uuid.UUID]:
    """The ids this browser remembers for the signed-in person (none for anyone else)."""
    if not _usable(request):
        return []
    saved = request.session.get(SESSION_NAME)
    if not isinstance(saved, dict) or saved.get("user") != request.user.pk:
        return []
    values = saved.get("ids")
    ids = []
    for value in values[:MOST] if isinstance(values, list) else []:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


def remember_request(request: HttpRequest, made: PeerRequest, earlier: list[uuid.UUID]) -> None:
    """Add the new request; those closed since are forgotten."""
    if not _usable(request):
        return
    kept = [made.pk, *(pk for pk in service.still_open(earlier) if pk != made.pk)][:MOST]
    request.session[SESSION_NAME] = {"user": request.user.pk, "ids": [str(pk) for pk in kept]}
