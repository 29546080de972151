"""The concern's story as the reporter and the leader see it: messages and events in order."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from upstream.concerns.models import Author, Concern


@dataclass(frozen=True)
class Entry:
    kind: str  # "message" or "event"
    day: dt.date
    author: str
    text: str
    from_leader: bool


def thread_for(concern: Concern, *, viewer: str = "reporter", own: Concern | None = None) -> list[Entry]:
    """Messages and events in the order they happened: by day (times are days only), and within a
    day an event sits after the messages that existed when it happened (`after_message`), so a
    same-day status change never jumps above the reply it followed. By day first because a merge
    appends the other concern's older messages at the end of the sequence ("4 Dec, 4 Dec, 30 Nov").

    A reporter (viewer="reporter") sees the replies written through their own receipt (`own`, default
    the concern itself) and the leaders' messages written to them: on their own concern, on a concern
    theirs was merged into, or to the shared thread after the merge (no `origin`). Other reporters'
    words, and what leaders wrote to those reporters before the merge, stay hidden.
    """
    own_id = (own or concern).pk
    joined = _joined(own or concern)
    entries: list[tuple[dt.date, int, int, int, Entry]] = []
    for message in concern.messages.select_related("leader"):
        leader = message.author == Author.LEADER
        if viewer == "reporter" and not leader and message.origin_id != own_id:
            continue
        if viewer == "reporter" and leader and not _written_to(message, joined):
            continue
        reporter = _("You") if viewer == "reporter" else _("Reporter")
        author = (str(message.leader) if message.leader else _("A leader")) if leader else reporter
        entries.append(
            (
                message.sent_on,
                message.sequence,
                0,
                0,
                Entry("message", message.sent_on, author, message.text, leader),
            )
        )
    for index, event in enumerate(concern.events.select_related("leader")):
        day = timezone.localtime(event.at).date()
        # An escalation is the deadline's doing, not a person's: "A leader · Escalated." read as if
        # someone had acted.
        automatic = event.kind == event.Kind.ESCALATED
        who = _("Upstream (automatic)") if automatic else str(event.leader) if event.leader else _("A leader")
        if event.kind == event.Kind.STATUS:
            text = _("Status changed to %(status)s.") % {"status": event.get_to_status_display().lower()}
            if event.explanation:
                text += f" {event.explanation}"
        elif event.kind == event.Kind.MERGED:
            text = _("Merged with similar concerns from colleagues: you now share one thread.")
            if viewer == "leader" and " " in event.explanation:  # written in English before 2026-12-01
                text = event.explanation
            elif viewer == "leader":
                text = _(
                    "Merged with a similar concern (%(reference)s); its reporter now follows this thread too."
                ) % {"reference": event.explanation}
        elif automatic:
            text = _escalation_words(event.explanation)
        elif event.kind == event.Kind.ACTION_LINKED:
            text = _("Linked to the action “%(title)s”.") % {"title": event.explanation}
        else:
            text = _("%(event)s.") % {"event": event.get_kind_display()}
        entries.append((day, event.after_message, 1, index, Entry("event", day, who, text, True)))
    return [entry for *_, entry in sorted(entries, key=lambda item: item[:4])]


def _joined(own: Concern) -> dict[object, dt.datetime | None]:
    """The concerns whose leaders' answers a receipt's reporter reads, each with the moment they joined
    it: their own concern (from the start) and each one it was merged into in turn (from the merge;
    None for a merge made before merges were timed, which showed everything)."""
    joined: dict[object, dt.datetime | None] = {own.pk: None}
    following, since = own.merged_into_id, own.merged_at
    while following is not None and following not in joined:
        joined[following] = since
        following, since = Concern.objects.filter(pk=following).values_list(
            "merged_into_id", "merged_at"
        ).first() or (None, None)
    return joined


def _written_to(message, joined: dict[object, dt.datetime | None]) -> bool:  # type: ignore[no-untyped-def]
    """A leader's message was written to this reporter: on a concern of theirs, once they were in it.
    One with no origin was written before origins were kept, when every reporter read them all."""
    if message.origin_id is None:
        return True
    if message.origin_id not in joined:
        return False
    since = joined[message.origin_id]
    return since is None or (message.written_at is not None and message.written_at > since)


# The msgid batches.escalate_overdue writes (the catalogue takes it from there).
NOBODY_ABOVE = "Not acknowledged in time; there is no leader above this level to tell."


@functools.cache
def _nobody_above_in(language: str) -> str:
    with translation.override(language):
        return _(NOBODY_ABOVE)


def _escalation_words(stored: str) -> str:
    """The escalation in the reader's language. The stored explanation was written in the site's
    language when the deadline passed (batches.escalate_overdue); it only says which of two things
    happened."""
    if stored in {_nobody_above_in(code) for code, _name in settings.LANGUAGES}:
        return _(NOBODY_ABOVE)
    return _("Not acknowledged in time; the next leader up was told.")
