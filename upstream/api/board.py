"""The "you said, we did" board and one action as its leader sees it; the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from upstream.actions import services
from upstream.actions.api import ActionLinksOut, action_fields, action_out, links_out
from upstream.api.auth import signed_in
from upstream.api.paging import PageParams, paginate
from upstream.api.schemas import ActionOut, DraftIn, Error, PageMeta, RowId

board_router = Router(tags=["actions"], auth=signed_in)
actions_router = Router(tags=["actions"], auth=signed_in)


class BoardItem(ActionOut):
    scope_id: int
    published_on: dt.date | None
    you_lead: bool = Field(
        description="You lead its unit (or one above it): you may post progress on it "
        "(POST /api/v1/actions/{id}/updates)."
    )


class BoardPage(PageMeta):
    items: list[BoardItem]


class DraftPage(PageMeta):
    items: list[BoardItem]


class ActionDetail(BoardItem):
    concern_ids: list[str] = Field(description="Linked concerns (ids only; open each to read it).")


def _item(action, schema=BoardItem, *, you_lead: bool, **extra) -> BoardItem:
    # The site's day, as every other day in the API (a UTC day was tomorrow every evening in America).
    published = timezone.localdate(action.published_at) if action.published_at else None
    return schema(
        **action_out(action).model_dump(),
        scope_id=action.scope_id,
        published_on=published,
        you_lead=you_lead,
        **extra,
    )


@board_router.get("", response={200: BoardPage}, summary="Published actions you may see, newest first")
def board(request: HttpRequest, page: Query[PageParams]) -> BoardPage:
    """The "you said, we did" board: the published actions scoped to one of your units (as staff or
    as its leader) or a level above it, and every published action in the subtrees you lead; the
    latest published first, paged. Drafts never appear here. `you_lead` marks those whose progress you
    may post. Any signed-in account; needs the `read` scope."""
    found = paginate(services.board_for(request.user), page)
    led = services.led_by(request.user)
    return BoardPage(items=[_item(a, you_lead=led(a)) for a in found.items], **found.meta())


# Declared before "/{action_id}" so that "drafts" is not read as an id.
@actions_router.get(
    "/drafts", response={200: DraftPage}, summary="Your unpublished actions (drafts), newest first"
)
def drafts(request: HttpRequest, page: Query[PageParams]) -> DraftPage:
    """The drafts in the units you lead, as the board lists them for you: empty if you lead none."""
    found = paginate(services.drafts_for(request.user), page)
    return DraftPage(items=[_item(a, you_lead=True) for a in found.items], **found.meta())


@actions_router.get("/{action_id}", response={200: ActionDetail, 404: Error}, summary="One action you lead")
def action_detail(request: HttpRequest, action_id: RowId) -> ActionDetail:
    """An action whose scope is a unit you lead or one below it, a draft or published, with the ids of
    the concerns linked to it (open each with GET /api/v1/concerns/{concern_id}). 404 when it does not
    exist or is not one you lead: missing and not yours look alike. Needs the `read` scope."""
    action = services.action_for_leader(request.user, action_id)
    ids = [str(pk) for pk in action.concerns.values_list("pk", flat=True)]
    return _item(action, ActionDetail, you_lead=True, concern_ids=ids)


# On this router, beside GET "/{action_id}": a second router on the same path would shadow one of them.
@actions_router.put(
    "/{action_id}",
    response={200: ActionLinksOut, 400: Error, 404: Error, 409: Error},
    summary="Edit a draft",
    description="Replaces a draft's title, description and scope, under the rules of creating one; "
    "`concern_ids` replaces its linked concerns when given and leaves them as they are when left out "
    "(a rename unlinked every concern until 2026-12-07). The answer lists the links it has now. "
    "409: the action is published and can no longer be changed; post an update. "
    "404: the action, the scope or a concern is not in your units. 400: the scope does not include a "
    "linked concern's unit.",
)
def edit_draft(request: HttpRequest, action_id: RowId, payload: DraftIn) -> ActionLinksOut:
    action = services.action_for_leader(request.user, action_id)
    fields = action_fields(payload)
    if payload.concern_ids is None:
        fields["concern_ids"] = [str(pk) for pk in action.concerns.values_list("pk", flat=True)]
    try:
        edited = services.edit_draft(action, request.user, **fields)
    except services.ActionAlreadyPublished as published:
        raise HttpError(409, str(published)) from None
    return links_out(edited)
