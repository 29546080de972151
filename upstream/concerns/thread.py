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

    A reporter (viewer="reporter") sees leaders' messages and the replies written through their own
    receipt (`own`, default the concern itself); after a merge, other reporters' words stay hidden.
    """
    own_id = (own or concern).pk
    entries: list[tuple[dt.date, int, int, int, Entry]] = []
    for message in concern.messages.select_related("leader"):
        leader = message.author == Author.LEADER
        if viewer == "reporter" and not leader and message.origin_id != own_id:
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
