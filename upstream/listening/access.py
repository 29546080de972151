"""Who may upload and read listening sessions: leaders, within the subtrees they lead."""

from __future__ import annotations

from django.db.models import QuerySet

from upstream.listening.models import ListeningSession
from upstream.org.access import is_leader, led_subtree_q, led_units
from upstream.org.models import Unit, User


class SessionNotFound(Exception):
    """Missing and not yours look the same, so probing ids reveals nothing."""


def can_upload(user: User) -> bool:
    return is_leader(user)


def upload_scopes(user: User) -> list[Unit]:
    """Every unit in the subtrees the user leads, in tree order."""
    units: list[Unit] = []
    for top in led_units(user):
        units.extend(top.subtree())
    return units


def visible_sessions(user: User) -> QuerySet[ListeningSession]:
    """Sessions whose scope lies in a subtree the user leads (so leaders above see them too)."""
    return ListeningSession.objects.filter(led_subtree_q(user, "scope__")).select_related("scope")


def session_for_leader(user: User, session_id: int) -> ListeningSession:
    session = visible_sessions(user).filter(pk=session_id).first()
    if session is None:
        raise SessionNotFound(session_id)
    return session
