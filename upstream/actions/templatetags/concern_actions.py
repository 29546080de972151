"""The Actions box of a leader's concern page: the actions linked to the concern, "Link to an existing
action" and "Create an action for this concern". Drawn here, from the actions' own services, so the
concern's view need not know how actions are chosen."""

from __future__ import annotations

from django import template

from upstream.actions import services
from upstream.actions.models import Action
from upstream.concerns.models import Concern

register = template.Library()


@register.inclusion_tag("actions/_concern_actions.html", takes_context=True)
def concern_actions(context: template.Context, concern: Concern) -> dict[str, object]:
    leader = context["request"].user
    led = services.led_by(leader)
    linked = list(services.linked_to(concern))
    for action in linked:
        action.manageable = led(action)
        # A draft of theirs can lose the concern again; a published action keeps it (its reporter was told).
        action.unlinkable = action.manageable and action.state == Action.State.DRAFT
    choices, more = services.link_choices(leader, concern)
    return {
        "concern": concern,
        "linked": linked,
        "choices": choices,
        "more": more,
        "shown": len(choices),
    }
