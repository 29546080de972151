from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router

from upstream.actions import services
from upstream.actions.models import Action
from upstream.api.auth import signed_in
from upstream.api.schemas import ActionIn, ActionOut, Error, RowId, UpdateIn
from upstream.org.models import Unit

router = Router(tags=["actions"], auth=signed_in)


def action_out(action: Action) -> ActionOut:
    """The API shape of an action, for leaders and for receipt holders alike."""
    return ActionOut(
        id=action.pk,
        title=action.title,
        description=action.description,
        scope=action.scope.name,
        state=action.state,
        progress=action.progress,
        updates=[u.text for u in action.updates.all()],
    )


@router.post(
    "",
    response={201: ActionOut, 400: Error, 404: Error},
    summary="Create an action linked to concerns",
    description="404: `scope_unit_id` is not a unit you lead, or a linked concern is not in your units; "
    "nothing is created.",
)
def create(request: HttpRequest, payload: ActionIn) -> tuple[int, ActionOut]:
    return 201, action_out(services.create_action(request.user, **action_fields(payload)))


def action_fields(payload: ActionIn) -> dict[str, object]:
    """What services.create_action and services.edit_draft take, from the API's body."""
    scope = Unit.objects.filter(pk=payload.scope_unit_id).first()
    if scope is None:
        raise services.ActionTargetNotYours(gettext("No unit with that scope_unit_id."))
    return {
        "title": payload.title,
        "description": payload.description,
        "scope": scope,
        "concern_ids": [str(c) for c in payload.concern_ids],
    }


@router.post("/{action_id}/publish", response={200: ActionOut, 404: Error}, summary="Publish on the board")
def publish(request: HttpRequest, action_id: RowId) -> ActionOut:
    return action_out(
        services.publish_action(services.action_for_leader(request.user, action_id), leader=request.user)
    )


@router.post(
    "/{action_id}/updates", response={201: ActionOut, 400: Error, 404: Error}, summary="Post progress"
)
def update(request: HttpRequest, action_id: RowId, payload: UpdateIn) -> tuple[int, ActionOut]:
    action = services.action_for_leader(request.user, action_id)
    services.add_update(action, request.user, payload.text, payload.progress)
    action.refresh_from_db()
    return 201, action_out(action)
