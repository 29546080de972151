"""Writes and counts for listening sessions: store after redaction, code turns, feed insights."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from upstream.listening.contacts import remove_contacts_from_turns
from upstream.listening.models import FACILITATOR, ListeningSession, Turn
from upstream.listening.names import redact_turns
from upstream.listening.review import Review
from upstream.listening.transcripts import ParsedTurn
from upstream.org.models import Unit, User
from upstream.themes.models import Theme

logger = logging.getLogger(__name__)


class ListeningError(Exception):
    """A session cannot be recorded as asked (for example, a scope the user does not lead)."""


def _classify(texts: list[str]) -> list[tuple[str, list[tuple[str, float]], bool]]:
    """(primary key or "unclear", [(key, score)], crisis) per text; all "unclear" if the model fails.

    One batch for the whole session: the embedder is far faster on many texts at once.
    """
    from upstream.themes.textmodel import classify_texts

    try:
        return [(c.theme, list(c.themes), c.crisis) for c in classify_texts(texts)]
    except Exception:  # noqa: BLE001 - a broken model must not lose a session; the log holds no text
        logger.exception("text model unavailable; storing the listening session unclassified")
        return [("unclear", [], False) for _ in texts]


Code = tuple[str, list[tuple[str, float]], bool]


def _codes(turns: Sequence[ParsedTurn]) -> list[Code | None]:
    """The model's codes per turn; facilitator turns are kept for context but never coded."""
    results = iter(_classify([t.text for t in turns if t.role != FACILITATOR]))
    return [None if t.role == FACILITATOR else next(results) for t in turns]


def _apply_code(row: Turn, code: Code, themes: dict[str, Theme]) -> None:
    key, scores, crisis = code
    row.theme = themes.get(key)
    row.score = round(float(dict(scores).get(key, 0.0)), 4) if row.theme else 0.0
    row.secondary = [{"key": k, "score": round(float(v), 4)} for k, v in scores if k != key and k in themes]
    row.crisis = crisis


def _turn_rows(
    session: ListeningSession, turns: Sequence[ParsedTurn], codes: Sequence[Code | None]
) -> list[Turn]:
    themes = {t.key: t for t in Theme.objects.filter(active=True)}
    rows: list[Turn] = []
    for position, (turn, code) in enumerate(zip(turns, codes, strict=True), start=1):
        row = Turn(
            session=session,
            position=position,
            speaker_role=turn.role,
            speaker_label=turn.label,
            text=turn.text,
        )
        if code is not None:
            _apply_code(row, code, themes)
        rows.append(row)
    return rows


# Participant turns coded inside the request that saves them; a longer session is coded by a task.
# The model reads about 50 long turns a second on two quiet cores: 3,000 turns of 550 characters
# (the largest transcript taken) held the request for 55 s, past a proxy's usual 60 s under load.
INLINE_TURNS = 300


def code_session(session_id: int) -> bool:
    """Code the participant turns of a session saved uncoded; False when there was nothing to do
    (no such session, or coded already). Idempotent: a task run twice codes once."""
    session = ListeningSession.objects.filter(pk=session_id, coded=False).first()
    if session is None:
        return False
    turns = list(session.turns.exclude(speaker_role=FACILITATOR).order_by("position"))
    codes = _classify([t.text for t in turns])  # outside any transaction: it takes a while
    themes = {t.key: t for t in Theme.objects.filter(active=True)}
    for row, code in zip(turns, codes, strict=True):
        _apply_code(row, code, themes)
    with transaction.atomic():
        Turn.objects.bulk_update(turns, ["theme", "score", "secondary", "crisis"], batch_size=500)
        ListeningSession.objects.filter(pk=session.pk).update(coded=True)
    return True


class Recorded(NamedTuple):
    session: ListeningSession
    stored_now: bool  # False: the same review was confirmed before, or at the same moment


def record_session(
    *,
    user: User,
    title: str,
    kind: str,
    held_on: dt.date,
    scope: Unit,
    guide_used: bool,
    turns: Sequence[ParsedTurn],
    redact: Sequence[str],
    review_id: str | None = None,
) -> Recorded:
    """Redact (contact details, then names), then store the session and its coded turns (a session
    of more than INLINE_TURNS participant turns is stored uncoded, `coded` false, and a task codes
    it: `code_session`). Nothing is stored before this call. With a `review_id` already recorded,
    the session recorded then is returned and nothing new is stored (the same review confirmed
    twice): of two confirms at once, only one says it stored it (the API answers that one 201)."""
    from upstream.listening.access import upload_scopes

    if scope.pk not in {u.pk for u in upload_scopes(user)}:
        raise ListeningError(gettext("You can only record sessions for units you lead."))
    if review_id and (earlier := ListeningSession.objects.filter(review_id=review_id).first()):
        return Recorded(earlier, stored_now=False)
    # Contact details were removed when the transcript was read; again here, for a review signed
    # before that step existed (a review lasts three hours) and for callers that did not parse.
    clean = redact_turns(remove_contacts_from_turns(turns), redact)
    now = sum(1 for t in clean if t.role != FACILITATOR) <= INLINE_TURNS
    # Before the transaction: embedding a long session takes seconds. A longer one is left to a task.
    codes = _codes(clean) if now else [None] * len(clean)
    try:
        with transaction.atomic():
            session = ListeningSession.objects.create(
                title=title,
                kind=kind,
                held_on=held_on,
                scope=scope,
                guide_used=guide_used,
                created_by=user,
                created_at=timezone.now(),
                review_id=review_id or None,
                coded=now,
            )
            Turn.objects.bulk_create(_turn_rows(session, clean, codes))
            if not now:
                # In the transaction: the task's row commits with the session, or neither does.
                from upstream.listening.tasks import code_session_task

                code_session_task.enqueue(session.pk)
        if not now:
            session.refresh_from_db(fields=["coded"])  # a task backend that runs at once coded it
    except IntegrityError:
        # Two confirms of one review at the same moment: the other one stored it.
        earlier = ListeningSession.objects.filter(review_id=review_id).first() if review_id else None
        if earlier is None:
            raise
        return Recorded(earlier, stored_now=False)
    return Recorded(session, stored_now=True)


def record_review(review: Review, *, user: User, scope: Unit, redact: Sequence[str]) -> Recorded:
    """``record_session`` for a reviewed upload (listening.review.Review), as the page and the API
    confirm it."""
    return record_session(
        user=user,
        title=review.title,
        kind=review.kind,
        held_on=review.held_on,
        scope=scope,
        guide_used=review.guide_used,
        turns=review.turns,
        redact=redact,
        review_id=review.review_id,
    )


def theme_counts(scope_unit: Unit, since: dt.date) -> dict[str, int]:
    """Non-facilitator turns by primary theme, for sessions in the scope's subtree held since `since`.

    Turns with no clear theme are left out, as they say nothing about any driver.
    """
    turns = Turn.objects.filter(
        session__scope__path__startswith=scope_unit.path, session__held_on__gte=since, theme__isnull=False
    ).exclude(speaker_role=FACILITATOR)
    rows = turns.values("theme__key").annotate(n=Count("id"))
    return {row["theme__key"]: row["n"] for row in rows}


def daily_theme_counts(
    start: dt.date, end: dt.date | None = None, scope_unit: Unit | None = None
) -> dict[tuple[int, str, dt.date], int]:
    """(unit id, theme key, day) -> distinct speakers who raised the theme, for the early-warning job.

    Speakers, not turns: one talkative person must not make a rise on their own. A session counts
    on the day it was held, against its scope unit (the job rolls units up the tree).
    """
    turns = Turn.objects.filter(session__held_on__gte=start, theme__isnull=False).exclude(
        speaker_role=FACILITATOR
    )
    if end is not None:
        turns = turns.filter(session__held_on__lte=end)
    if scope_unit is not None:
        turns = turns.filter(session__scope__path__startswith=scope_unit.path)
    rows = turns.values("session_id", "session__scope_id", "theme__key", "session__held_on").annotate(
        n=Count("speaker_label", distinct=True)
    )
    counts: dict[tuple[int, str, dt.date], int] = {}
    for r in rows:
        key = (r["session__scope_id"], r["theme__key"], r["session__held_on"])
        counts[key] = counts.get(key, 0) + r["n"]
    return counts
