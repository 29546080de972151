"""A concern or a receipt reply sent once, whatever the network does: the page and the API share
these steps.

A writer's first answer can be lost (a double tap, a refresh, a dropped signal, a client's retry):
the same concern sent again with the same key gets that first answer back, kept sealed under the
key (`intake.kept_answers`), and nothing is filed twice. The order matters:

1. a retry is answered before the daily limit is counted, so a writer at the limit still gets the
   receipt of the concern they did send;
2. a new concern is counted only once it is stored;
3. two sends of one key at the same moment: the one that lost the race answers with what the
   winner kept; the same key spent on other words is `AlreadySent` (the caller's 409).
"""

from __future__ import annotations

from typing import NamedTuple

from upstream.concerns import limits
from upstream.concerns.services import (
    AlreadySent,
    PendingReply,
    Submitted,
    earlier_reply,
    earlier_submission,
    reply_as_reporter,
    submit_concern,
)
from upstream.lib.tolerant_cache import CacheUnavailable
from upstream.org.models import Unit


class TooManyToday(Exception):
    """The account sent as many concerns as a day allows; nothing was stored."""

    def __init__(self) -> None:
        super().__init__(limits.too_many_message())
        self.retry_after = limits.SUBMISSIONS.retry_after()


class Answer(NamedTuple):
    submitted: Submitted
    replayed: bool  # the first answer given again: nothing was filed by this request


def submit_or_replay(
    *, text: str, unit: Unit | None, role_group: str, form_key: str | None, account: str
) -> Answer:
    """File the concern, or give back the answer this key already had for the same words.

    `account` is what the daily limit counts by (the signed-in account's id); it is never stored
    with the concern."""
    concern = {"text": text, "unit": unit, "role_group": role_group}
    earlier = earlier_submission(form_key, **concern)
    if earlier is not None:
        return Answer(earlier, replayed=True)
    if limits.SUBMISSIONS.exceeded(account):
        raise TooManyToday()
    try:
        submitted = submit_concern(**concern, form_key=form_key, keep_answer=True)
    except AlreadySent:
        earlier = earlier_submission(form_key, **concern)
        if earlier is None:
            raise
        return Answer(earlier, replayed=True)
    try:
        limits.SUBMISSIONS.add(account)
    except CacheUnavailable:
        pass  # filed already: Redis stopped answering since the check above; this one goes uncounted
    return Answer(submitted, replayed=False)


class ReplyAnswer(NamedTuple):
    sent: PendingReply
    replayed: bool  # the first answer given again: nothing was stored by this request


def reply_or_replay(found: object, text: str, form_key: str | None) -> ReplyAnswer:
    """Store the reply, or give back the answer this key already had for the same words on the same
    receipt (crisis lines included); the same key spent on other words is `AlreadySent`."""
    try:
        return ReplyAnswer(reply_as_reporter(found, text, form_key=form_key), replayed=False)
    except AlreadySent:
        earlier = earlier_reply(found, form_key, text)
        if earlier is None:
            raise
        return ReplyAnswer(earlier, replayed=True)
