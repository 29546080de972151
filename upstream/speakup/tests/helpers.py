"""Obtaining real tokens in tests, the way the browser does, through the services."""

from __future__ import annotations

import datetime as dt

from upstream.speakup import keys, services
from upstream.speakup.tests import client


def blind_for(purpose: str, count: int, *, today: dt.date | None = None):
    """The key, its public half, and `count` (prepared, blinded, inv) as the browser makes them."""
    key = services.signing_key_for(purpose, today=today)
    public = keys.public_key(key)
    pending = []
    for _ in range(count):
        prepared = client.prepare()
        blinded, inv = client.blind(public, prepared)
        pending.append((prepared, blinded, inv))
    return key, public, pending


def obtain(user, count: int = 1, *, purpose: str = "concern", today: dt.date | None = None) -> list[str]:
    key, public, pending = blind_for(purpose, count, today=today)
    issued = services.issue_tokens(user, purpose, [b for _, b, _ in pending], key.key_id, today=today)
    return [
        client.code_of(prepared, client.finalize(public, blind_sig, inv))
        for (prepared, _, inv), blind_sig in zip(pending, issued.blind_signatures, strict=True)
    ]


def release_all() -> None:
    """Move anything waiting in the anonymous intake into the visible tables (when the pipeline exists)."""
    try:
        from upstream.intake.services import release_due
    except ImportError:  # before the anonymous-write pipeline: concerns are visible at once
        return
    release_due(everything=True)
