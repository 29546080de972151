from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router
from ninja.errors import HttpError
from pydantic import Field

from upstream.actions import services
from upstream.actions.models import Action
from upstream.api.auth import signed_in
from upstream.api.schemas import (
    ActionIn,
    ActionOut,
    ActionUpdateOut,
    AlreadySentOut,
    Error,
    RowId,
    StrictIn,
    UpdateIn,
    Uuid,
    idempotency_key,
)
from upstream.intake import formkeys
from upstream.org.models import Unit

router = Router(tags=["actions"], auth=signed_in)


def action_out(action: Action) -> ActionOut:
    """The API shape of an action, for leaders and for receipt holders alike."""
    updates = list(action.updates.all())
    return ActionOut(
        id=action.pk,
        title=action.title,
        description=action.description,
        scope=action.scope.name,
        state=action.state,
        progress=action.progress,
        updates=[u.text for u in updates],
        update_details=[
            ActionUpdateOut(on=timezone.localdate(u.at), text=u.text, progress=u.progress) for u in updates
        ],
    )


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per call (e.g. a UUID): a repeat with the same key, after a "
    "timeout or retry, is refused with 409 and writes nothing twice. Kept only as a keyed hash, for "
    "a few days."
)


class ActionLinksOut(ActionOut):
    concern_ids: list[str] = Field(description="The concerns linked to the action now (ids only).")


def links_out(action: Action) -> ActionLinksOut:
    ids = [str(pk) for pk in action.concerns.values_list("pk", flat=True)]
    return ActionLinksOut(**action_out(action).model_dump(), concern_ids=ids)


@router.post(
    "",
    response={201: ActionLinksOut, 400: Error, 404: Error, 409: AlreadySentOut},
    summary="Create an action linked to concerns",
    description="404: `scope_unit_id` is not a unit you lead, or a linked concern is not in your units; "
    "nothing is created. 400: the scope does not include a linked concern's unit (its staff would not "
    "see the action on their board). 409: the `Idempotency-Key` was already used; nothing is created "
    "twice.",
)
def create(
    request: HttpRequest,
    payload: ActionIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
) -> tuple[int, ActionLinksOut]:
    form_key = formkeys.for_account(request.user.pk, "action", idempotency_key)
    # With the concerns it was linked to, as PUT and the link answers give them.
    return 201, links_out(services.create_action(request.user, **action_fields(payload), form_key=form_key))


def action_fields(payload: ActionIn) -> dict[str, object]:
    """What services.create_action and services.edit_draft take, from the API's body."""
    scope = Unit.objects.filter(pk=payload.scope_unit_id).first()
    if scope is None:
        raise services.ActionTargetNotYours(gettext("No unit with that scope_unit_id."))
    return {
        "title": payload.title,
        "description": payload.description,
        "scope": scope,
        "concern_ids": [str(c) for c in payload.concern_ids or ()],
    }


@router.post("/{action_id}/publish", response={200: ActionOut, 404: Error}, summary="Publish on the board")
def publish(request: HttpRequest, action_id: RowId) -> ActionOut:
    """Publishes an action you lead (its scope is a unit you lead or one below it) on the "you said,
    we did" board, where the staff of its scope and of every unit below it see it. Only now does each
    linked concern's reporter see it with their receipt, their thread saying "Linked to the action".
    Publishing again changes nothing and answers 200 with the action. 404: no such action, or not one
    you lead. Needs the `write` scope."""
    return action_out(
        services.publish_action(services.action_for_leader(request.user, action_id), leader=request.user)
    )


@router.post(
    "/{action_id}/updates",
    response={201: ActionOut, 400: Error, 404: Error, 409: AlreadySentOut},
    summary="Post progress",
    description="`progress` replaces the action's figure, a lower one included (a setback); left out, the"
    " figure stays. 409: the `Idempotency-Key` was already used for this action; nothing is posted twice.",
)
def update(
    request: HttpRequest,
    action_id: RowId,
    payload: UpdateIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
) -> tuple[int, ActionOut]:
    action = services.action_for_leader(request.user, action_id)
    form_key = formkeys.for_account(request.user.pk, f"action-update-{action.pk}", idempotency_key)
    services.add_update(action, request.user, payload.text, payload.progress, form_key=form_key)
    action.refresh_from_db()
    return 201, action_out(action)


class ConcernLinkIn(StrictIn):
    concern_id: Uuid = Field(description="A concern in your units (see GET /api/v1/inbox).")


@router.post(
    "/{action_id}/concerns",
    response={200: ActionLinksOut, 201: ActionLinksOut, 400: Error, 404: Error, 409: Error},
    summary="Link a concern to an existing action",
    description="Links one more concern to an action you lead, a draft or a published one: the same as "
    '"Link to an existing action" on the concern\'s page. 201: linked now; linked to a published '
    "action, the concern's reporter sees it with their receipt code at once (a draft, once it is "
    "published). 200: it was linked already; nothing changed. 404: the action is not one you lead, or "
    "the concern is not in your units. 409: the action's scope does not include the concern's unit "
    "(its staff would not see it on their board); nothing is linked.",
)
def link_concern(
    request: HttpRequest, action_id: RowId, payload: ConcernLinkIn
) -> tuple[int, ActionLinksOut]:
    action = services.action_for_leader(request.user, action_id)
    try:
        linked = services.link_concern(action, request.user, payload.concern_id)
    except services.ActionOutsideScope as refused:
        raise HttpError(409, str(refused)) from None
    return (201 if linked else 200), links_out(action)


@router.delete(
    "/{action_id}/concerns/{concern_id}",
    response={200: ActionLinksOut, 400: Error, 404: Error, 409: Error},
    summary="Unlink a concern from a draft",
    description="Takes a concern off a draft you lead (a concern that was not linked is no change). "
    "404: the action is not one you lead, or the concern is not in your units. 409: the action is "
    "published: it keeps its concerns, whose reporters were told it answers them; post an update.",
)
def unlink_concern(request: HttpRequest, action_id: RowId, concern_id: Uuid) -> ActionLinksOut:
    action = services.action_for_leader(request.user, action_id)
    try:
        services.unlink_concern(action, request.user, concern_id)
    except services.ActionAlreadyPublished as refused:
        raise HttpError(409, str(refused)) from None
    return links_out(action)
