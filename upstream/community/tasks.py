"""Background work for the community app. Every task is idempotent and takes no personal data."""

from __future__ import annotations

from django_tasks import task

from upstream.community.services import gatherings, peer


@task()
def send_gathering_reminders() -> int:
    """Remind confirmed attendees of gatherings starting within a day. Idempotent: a gathering is
    claimed (reminded=True) before its emails go, so a rerun sends nothing twice."""
    return gatherings.send_reminders()


@task()
def reroute_peer_requests() -> int:
    """Offer requests not picked up within UPSTREAM_PEER_PICKUP_HOURS to the next supporter, and
    requests left with no supporter to a candidate who is available again. Idempotent: a request
    moves only when its current offer is older than the limit, or when it has no supporter."""
    return peer.reroute_stale() + peer.offer_unassigned()


@task()
def hourly() -> dict[str, int]:
    """Everything the community app does on the hour (for `upstream scheduler`). Idempotent."""
    return {
        "reminders": gatherings.send_reminders(),
        "rerouted": peer.reroute_stale(),
        "offered_again": peer.offer_unassigned(),
    }
