"""Sessions built directly, for tests of what is shown (without running the text model)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from upstream.listening.models import ListeningSession, Turn
from upstream.themes.models import Theme


def make_session(scope, turns, *, held_on=dt.date(2026, 3, 10), title="Residents' focus group"):
    """`turns`: (role, label, text, theme key or None, score)."""
    session = ListeningSession.objects.create(
        title=title, kind="focus_group", held_on=held_on, scope=scope, created_at=timezone.now()
    )
    themes = {t.key: t for t in Theme.objects.all()}
    Turn.objects.bulk_create(
        Turn(
            session=session,
            position=i,
            speaker_role=role,
            speaker_label=label,
            text=text,
            theme=themes.get(key) if key else None,
            score=score,
        )
        for i, (role, label, text, key, score) in enumerate(turns, start=1)
    )
    return session
