# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field, StrictBool

from upstream.api.auth import caller_secret, signed_in
from upstream.api.schemas import AlreadySentOut, Uuid, fixed, idempotency_key
from upstream.community.access import scopes_seen_by
from upstream.community.api.common import Error, RowId, Strict, rules
from upstream.community.models import Gathering, Story
from upstream.community.services import stories
from upstream.community.services.common import Missing
from upstream.community.services.resources import crisis_lines
from upstream.intake import formkeys

stories_router = Router(auth=signed_in)

StoryStatus = fixed(Story.Status.values)


class StoryIn(Strict):
    title: str = Field(min_length=3, max_length=200)
    text: str = Field(min_length=20, max_length=8000)
    unit_id: RowId
    gathering_id: RowId | None = None
    anonymous: StrictBool = False


class StoryOut(Strict):
    id: uuid.UUID
    title: str
    text: str
    author: str | None = Field(description="null for an anonymous story")
    unit: str
    gathering: str | None
    status: StoryStatus
    submitted_on: dt.date
    moderation_note: str | None = Field(
        None,
        description="The well-being office's note on a story once moderated (why it was not shared, "
        "say): given only to the story's own signed writer, null for anyone else and while it waits.",
    )


CRISIS_HELP = "True when the words suggest the writer may be in crisis; then show `crisis_resources` at once."
CRISIS_RESOURCES_HELP = "Who to call, when `crisis` is true (as after reporting a concern); `[]` otherwise."


class StoryQueued(Strict):
    released_at: dt.datetime = Field(description="An anonymous story reaches the moderators at this batch.")
    crisis: bool = Field(description=CRISIS_HELP)
    crisis_resources: list[str] = Field(description=CRISIS_RESOURCES_HELP)


class StorySharedOut(StoryOut):
    """A named story just shared: the story, and what the crisis screen found in it."""

    crisis: bool = Field(description=CRISIS_HELP)
    crisis_resources: list[str] = Field(description=CRISIS_RESOURCES_HELP)


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per story (e.g. a UUID): a repeat with the same key, after a timeout "
    "or retry, is refused with 409 and never stores a second story. Kept only as a keyed hash, for a "
    "few days, as for a concern."
)


class WaitingStoryOut(StoryOut):
    """A story waiting for moderation, as the office sees it."""

    urgent: bool = Field(
        description="Its words suggest the writer may be in crisis (never the reason): read it first. "
        "A named story is marked when shared; an anonymous one at its batch's release. Urgent "
        "stories come first in the list; moderating clears it."
    )
    reach_at: str | None = Field(
        description="The signed writer's work email, given only while the story is urgent, so the "
        "office can reach them; null for an anonymous story, an ordinary one, or an account without one."
    )


class ModerateIn(Strict):
    approve: StrictBool
    note: str = Field("", max_length=500)


def story_out(story: Story, reader=None) -> StoryOut:
    """`reader` gets the moderation note on their own signed story (the office's list passes none)."""
    return StoryOut(
        id=story.pk,
        title=story.title,
        text=story.text,
        author=str(story.author) if story.author else None,
        unit=story.unit.name,
        gathering=story.gathering.title if story.gathering else None,
        status=story.status,
        submitted_on=story.submitted_on,
        moderation_note=stories.note_for(story, reader) if reader is not None else None,
    )


@stories_router.get(
    "",
    response=list[StoryOut],
    summary="Stories shared with your units (and your own)",
    description="The 200 newest. `mine=true`: only the stories you shared with your name, whatever "
    "became of them, each with the office's `moderation_note` (anonymous ones are not yours to list).",
)
def listing(
    request: HttpRequest,
    mine: bool = Query(
        False, description="true: only the stories you shared with your name, with the office's notes."
    ),
):
    shown = stories.own_stories(request.user) if mine else stories.stories_for(request.user)
    return [story_out(s, request.user) for s in shown[:200]]


@stories_router.post(
    "",
    response={201: StorySharedOut, 202: StoryQueued, 400: Error, 404: Error, 409: AlreadySentOut},
    summary="Share a story: named (201) or anonymous through the intake (202)",
    description="404: `unit_id` is not one of your units or a level above one, or `gathering_id` is not "
    "a story session. 409: the `Idempotency-Key` was already used.",
)
@rules
def share(
    request: HttpRequest,
    payload: StoryIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
):
    units = {u.pk: u for u in scopes_seen_by(request.user)}
    if payload.unit_id not in units:
        raise Missing(_("Choose one of your own units, or a level above it."))
    gathering = None
    if payload.gathering_id is not None:
        # An id that names no gathering was dropped silently, and the story stored without it.
        gathering = Gathering.objects.filter(pk=payload.gathering_id, kind=Gathering.Kind.STORY).first()
        if gathering is None:
            raise Missing(_("Stories go with story sessions."))
    result = stories.share_story(
        request.user,
        title=payload.title,
        text=payload.text,
        unit=units[payload.unit_id],
        gathering=gathering,
        anonymous=payload.anonymous,
        form_key=formkeys.for_idempotency_key(
            "api-story:", f"api-story-idempotency:{caller_secret(request)}", idempotency_key
        ),
    )
    resources = crisis_lines() if result.crisis else []
    if result.story is not None:
        shown = story_out(result.story).dict()
        return 201, StorySharedOut(**shown, crisis=result.crisis, crisis_resources=resources)
    return 202, StoryQueued(released_at=result.released_at, crisis=result.crisis, crisis_resources=resources)


@stories_router.get(
    "/moderation",
    response={200: list[WaitingStoryOut], 404: Error},
    summary="Waiting (office), stories in crisis words first",
)
@rules
def moderation(request: HttpRequest):
    """The well-being office only, scope read: every story waiting for moderation, those in crisis
    words (`urgent`) first, then the longest waiting; not paged. An anonymous story has no `author`,
    and its `submitted_on` is its batch's day; `reach_at` gives a signed writer's work email only
    while the story is urgent. `moderation_note` is always null here. 404: you are not in the
    well-being office."""
    return [
        WaitingStoryOut(
            **story_out(s).dict(),
            urgent=s.urgent,
            reach_at=(s.author.email or None) if s.urgent and s.author else None,
        )
        for s in stories.waiting_for_moderation(request.user)
    ]


@stories_router.post(
    "/{story_id}/moderate",
    response={200: StoryOut, 400: Error, 404: Error, 409: Error},
    description="404: you are not in the well-being office, or no such story. 409: the story was "
    "already moderated (in another tab, or by another moderator); the detail says how: "
    '"This story was already moderated: shared." or "…: not shared."',
)
@rules
def moderate(request: HttpRequest, story_id: Uuid, payload: ModerateIn):
    return story_out(stories.moderate(request.user, story_id, approve=payload.approve, note=payload.note))
