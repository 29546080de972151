"""The signed review payload: the parsed transcript travels in the review form, not in storage.

Nothing from an upload is written to the database or the session store until names are
redacted, so an abandoned review leaves no trace on the server. Signing (with the user's id and a
time limit) keeps the payload from being edited or replayed by someone else.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext

from upstream.listening.transcripts import ParsedTurn

SALT = "upstream.listening.review"
MAX_AGE = dt.timedelta(hours=3)


class ReviewInvalid(Exception):
    """The payload was altered, expired or belongs to another user."""


@dataclass(frozen=True)
class Review:
    title: str
    kind: str
    held_on: dt.date
    scope_id: int
    guide_used: bool
    turns: list[ParsedTurn]
    names: list[str]
    # Random, made at upload: confirming the same review twice (a double click, a resent form, an
    # API retry) records one session, not two.
    review_id: str = field(default_factory=lambda: secrets.token_hex(16))


def sign_review(review: Review, user_id: int) -> str:
    data = {
        "user": user_id,
        "title": review.title,
        "kind": review.kind,
        "held_on": review.held_on.isoformat(),
        "scope": review.scope_id,
        "guide": review.guide_used,
        "turns": [[t.role, t.label, t.text, t.line] for t in review.turns],
        "names": review.names,
        "review_id": review.review_id,
    }
    return signing.dumps(data, salt=SALT, compress=True)


def open_review(token: str, user_id: int) -> Review:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ReviewInvalid(gettext("This review expired. Upload the transcript again.")) from error
    except signing.BadSignature as error:
        raise ReviewInvalid(
            gettext(
                "The reviewed transcript could not be verified: it was changed after upload. Upload it again."
            )
        ) from error
    if data.get("user") != user_id:
        raise ReviewInvalid(gettext("This review was started by someone else. Upload the transcript again."))
    return Review(
        title=data["title"],
        kind=data["kind"],
        held_on=dt.date.fromisoformat(data["held_on"]),
        scope_id=int(data["scope"]),
        guide_used=bool(data["guide"]),
        turns=[ParsedTurn(role, label, text, line) for role, label, text, line in data["turns"]],
        names=list(data["names"]),
        review_id=str(data.get("review_id") or secrets.token_hex(16)),
    )
