"""An action as most tests need one: published for 4 West, linked to a released concern there."""

from __future__ import annotations

from upstream.actions import services
from upstream.actions.models import Action
from upstream.concerns.tests.helpers import released


def break_cover_published(org) -> Action:  # type: ignore[no-untyped-def]
    done = released(unit=org.ward_a)
    action = services.create_action(
        org.leader,
        title="Break cover on nights",
        description="A float nurse covers breaks.",
        scope=org.ward_a,
        concern_ids=[str(done.concern.pk)],
    )
    services.publish_action(action)
    return action
