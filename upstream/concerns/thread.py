"""The concern's story as the reporter and the leader see it: messages and events in order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
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
    """Messages and events in the order they happened: an event sits after the messages that
    existed when it happened (`after_message`), so a same-day status change never jumps above
    the reply it followed.

    A reporter (viewer="reporter") sees leaders' messages and the replies written through their own
    receipt (`own`, default the concern itself); after a merge, other reporters' words stay hidden.
    """
    own_id = (own or concern).pk
    entries: list[tuple[int, int, int, Entry]] = []
    for message in concern.messages.select_related("leader"):
        leader = message.author == Author.LEADER
        if viewer == "reporter" and not leader and message.origin_id != own_id:
            continue
        reporter = _("You") if viewer == "reporter" else _("Reporter")
        author = (str(message.leader) if message.leader else _("A leader")) if leader else reporter
        entries.append(
            (
                message.sequence,
                0,
                0,
                Entry("message", message.sent_on, author, message.text, leader),
            )
        )
    for index, event in enumerate(concern.events.select_related("leader")):
        day = timezone.localtime(event.at).date()
        who = str(event.leader) if event.leader else _("A leader")
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
        elif event.kind == event.Kind.ACTION_LINKED:
            text = _("Linked to the action “%(title)s”.") % {"title": event.explanation}
        else:
            text = _("%(event)s.") % {"event": event.get_kind_display()}
        entries.append((event.after_message, 1, index, Entry("event", day, who, text, True)))
    return [entry for *_, entry in sorted(entries, key=lambda item: item[:3])]
