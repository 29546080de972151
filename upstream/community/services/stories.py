"""Stories: shared named or anonymously (through the intake), moderated before anyone sees them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.community.access import (
    NotFound,
    is_office,
    office_addresses,
    office_only,
    scopes_seen_by,
    sees_scope,
)
from upstream.community.models import Gathering, Story
from upstream.community.services.common import CommunityError, Conflict, Missing, clean_text
from upstream.concerns.safety import in_crisis
from upstream.concerns.services import AlreadySent
from upstream.intake import formkeys
from upstream.lib.mail import in_site_language, send_mail
from upstream.lib.site_url import site_url
from upstream.org.models import Unit, User
from upstream.privacy.groups import is_large_enough, min_group_size, people_in

STORY_KIND = "community.story"


@dataclass(frozen=True)
class Shared:
    """A named story (`story`), or an anonymous one waiting for the batch at `released_at`."""

    story: Story | None
    released_at: dt.datetime | None
    crisis: bool  # the words suggest crisis: show resources at once; never logged, and kept (as
    # `urgent`) only on a named story


class StoryAlreadySent(AlreadySent):
    """The same form (or Idempotency-Key) again: nothing is stored. `crisis` is what the screen finds
    in the words sent now, so a refreshed confirmation still shows the crisis lines; nothing about
    the first sending is kept to answer it from."""

    def __init__(self, *, crisis: bool) -> None:
        super().__init__()
        self.crisis = crisis


def share_story(
    user: User,
    *,
    title: str,
    text: str,
    unit: Unit,
    gathering: Gathering | None = None,
    anonymous: bool = False,
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> Shared:
    """A named story is stored at once (pending); an anonymous one waits in the intake for the batch.

    The crisis screen the concerns use reads it while the writer waits, and its answer goes back to
    the writer. A named story keeps it as `urgent` and the moderators are emailed at once, as the
    office is for a peer-support request in crisis words. For an anonymous story the answer goes
    nowhere else: not into the intake payload or a log line, so it stays as anonymous as it was;
    its release reads the text again (`prepare_release`) and marks it then.

    `form_key` is the page's one-time key (or the API's keyed Idempotency-Key), spent in the
    transaction that stores the story, as the concern form's: a second sending raises
    StoryAlreadySent and stores nothing.
    """
    title = clean_text(title, field=_("Title"), minimum=3, maximum=200, name="title")
    text = clean_text(text, field=_("Story"), minimum=20, maximum=8000, name="text")
    if not sees_scope(user, unit):
        raise Missing(_("Choose one of your own units, or a level above it."))
    if gathering is not None and gathering.kind != Gathering.Kind.STORY:
        raise Missing(_("Stories go with story sessions."))
    if anonymous and not is_large_enough(people_in(unit)):
        raise CommunityError(
            _(
                "Fewer than %(n)d people work there, so an anonymous story would point at you. "
                "Choose the department or hospital instead."
            )
            % {"n": min_group_size()}
        )
    crisis = in_crisis(f"{title}\n{text}")
    if anonymous:
        from upstream.intake.services import enqueue

        payload = {
            "title": title,
            "text": text,
            "unit": unit.pk,
            "gathering": gathering.pk if gathering else None,
        }
        with transaction.atomic():
            _spend(form_key, crisis=crisis)
            return Shared(story=None, released_at=enqueue(STORY_KIND, payload, now=now), crisis=crisis)
    with transaction.atomic():
        _spend(form_key, crisis=crisis)
        story = Story.objects.create(
            title=title,
            text=text,
            unit=unit,
            gathering=gathering,
            author=user,
            submitted_on=timezone.localdate(now or timezone.now()),
            urgent=crisis,
        )
        if crisis:
            transaction.on_commit(lambda: _tell_moderators(1, signed=True))
    return Shared(story=story, released_at=None, crisis=crisis)


@in_site_language
def _tell_moderators(count: int, *, signed: bool) -> None:
    """Email the office, who moderate stories, that stories in crisis words wait: where to look and
    whether the writer can be reached, never the words, the title or the name (as for peer support)."""
    subject = ngettext(
        "Urgent: a story in crisis words is waiting for moderation",
        "Urgent: %(n)d stories in crisis words are waiting for moderation",
        count,
    ) % {"n": count}
    if signed:
        body = _(
            "Its words suggest the writer may be in crisis. It is signed: open Upstream > Together > "
            "Stories > Stories waiting for moderation within hours, not days, to see who wrote it "
            "and reach them."
        )
    else:
        body = ngettext(
            "Its words suggest the writer may be in crisis. It is anonymous, so nobody can reach "
            "them; they were shown the crisis lines when they sent it. Open Upstream > Together > "
            "Stories > Stories waiting for moderation within hours, not days, and read it first.",
            "Their words suggest the writers may be in crisis. They are anonymous, so nobody can "
            "reach them; they were shown the crisis lines when they sent them. Open Upstream > "
            "Together > Stories > Stories waiting for moderation within hours, not days, and read "
            "them first.",
            count,
        )
    link = site_url(reverse("community:stories_moderate"))
    send_mail(
        subject,
        f"{body}\n\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        office_addresses(),
        kind="stories-in-crisis-words",
        fail_silently=True,
    )


def _spend(form_key: str | None, *, crisis: bool) -> None:
    if form_key is not None and not formkeys.spend(form_key):
        raise StoryAlreadySent(crisis=crisis)


def prepare_release(payloads: list[dict]) -> None:
    """Before the release's lock: the crisis screen reads each story's words again (the writer's
    answer was never kept) and adds `_urgent`, derived from the text alone."""
    for payload in payloads:
        words = f"{payload.get('title', '')}\n{payload.get('text', '')}"
        payload["_urgent"] = in_crisis(words)


def release_stories(payloads: list[dict], day: dt.date) -> None:
    """The intake's release handler: anonymous stories become pending rows, no author, the batch day.

    The moderators are emailed after the release when any is in crisis words: at the batch's time,
    which says nothing about when it was written."""
    rows = []
    for payload in payloads:
        unit = Unit.objects.filter(pk=payload.get("unit") or 0).first()
        if unit is None or not isinstance(payload.get("text"), str):
            continue
        gathering = Gathering.objects.filter(pk=payload.get("gathering") or 0).first()
        rows.append(
            Story(
                title=str(payload.get("title", ""))[:200],
                text=payload["text"],
                unit=unit,
                gathering=gathering,
                submitted_on=day,
                urgent=bool(payload.get("_urgent")),
            )
        )
    Story.objects.bulk_create(rows)
    urgent = sum(1 for row in rows if row.urgent)
    if urgent:
        transaction.on_commit(lambda: _tell_moderators(urgent, signed=False))


def waiting_for_moderation(moderator: User) -> QuerySet[Story]:
    """Stories the office has still to read: those in crisis words first, then the longest waiting
    (newest first left last week's story under every later one)."""
    if not is_office(moderator):
        raise office_only()
    return (
        Story.objects.filter(status=Story.Status.PENDING)
        .select_related("unit", "gathering", "author")
        .order_by("-urgent", "submitted_on", "id")
    )


def moderate(
    moderator: User,
    story_id: uuid.UUID | str,
    *,
    approve: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> Story:
    story = waiting_for_moderation(moderator).filter(pk=_uuid(story_id)).first()
    if story is None:
        raise already_moderated(story_id)
    with transaction.atomic():
        story.status = Story.Status.APPROVED if approve else Story.Status.REJECTED
        story.moderated_by, story.moderated_at = moderator, now or timezone.now()
        story.moderation_note = clean_text(note, field=_("Note"), minimum=0, maximum=500, name="note")
        story.urgent = False  # read now: the flag does not outlive the moderation
        story.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_note", "urgent"])
        if story.author is not None and story.author.email:
            transaction.on_commit(lambda: _tell_writer(story))
    return story


@in_site_language
def _tell_writer(story: Story) -> None:
    """The signed writer learns what became of their story, with the office's note: a declined
    story's reason used to be stored and shown to no one. (An anonymous writer has no address.)"""
    if story.status == Story.Status.APPROVED:
        subject = _("Your story was shared: %(title)s") % {"title": story.title}
        body = _("The well-being office shared your story with %(unit)s.") % {"unit": story.unit.name}
    else:
        subject = _("Your story was not shared: %(title)s") % {"title": story.title}
        body = _("The well-being office did not share your story.")
    if story.moderation_note:
        body += "\n\n" + _("Their note: %(note)s") % {"note": story.moderation_note}
    body += "\n\n" + _("Your stories and their notes are under Upstream > Together > Stories.")
    body += "\n\n" + site_url(reverse("community:stories")) + "\n"
    send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [story.author.email],
        kind="story-decision",
        fail_silently=True,
    )


def already_moderated(story_id: uuid.UUID | str) -> Exception:
    """Why a story is no longer waiting: moderated meanwhile (another tab, another moderator), a
    Conflict that says how; a story that never existed, NotFound. Only the office calls this (it
    follows `waiting_for_moderation`, which refuses anyone else)."""
    status = Story.objects.filter(pk=_uuid(story_id)).values_list("status", flat=True).first()
    if status == Story.Status.APPROVED:
        return Conflict(_("This story was already moderated: shared."))
    if status == Story.Status.REJECTED:
        return Conflict(_("This story was already moderated: not shared."))
    return NotFound()


def _uuid(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound() from None


def stories_for(user: User) -> QuerySet[Story]:
    """Approved stories for the person's units and the levels above them; their own pending ones too."""
    return (
        (shared_with(user) | own_stories(user))
        .select_related("unit", "gathering", "author")
        .distinct()
        .order_by("-submitted_on", "id")
    )


def shared_with(user: User) -> QuerySet[Story]:
    """Approved stories for the person's units and the levels above them (every one for the office)."""
    shown = Story.objects.filter(status=Story.Status.APPROVED)
    if not is_office(user):
        shown = shown.filter(unit__in=scopes_seen_by(user))
    return shown.select_related("unit", "gathering", "author").order_by("-submitted_on", "id")


def own_stories(user: User) -> QuerySet[Story]:
    """The person's signed stories, whatever became of them: the writer of a declined story reads
    the office's note here (an anonymous story has no writer to show it to)."""
    return (
        Story.objects.filter(author=user)
        .select_related("unit", "gathering", "author")
        .order_by("-submitted_on", "id")
    )


def note_for(story: Story, reader: User) -> str | None:
    """The office's moderation note, for the story's own writer only, once it is moderated."""
    mine = story.author_id is not None and story.author_id == reader.pk
    if not mine or story.status == Story.Status.PENDING or not story.moderation_note:
        return None
    return story.moderation_note
