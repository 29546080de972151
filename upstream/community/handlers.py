"""Release handlers for the anonymous-write pipeline: offers, co-signs (and anonymous stories).

Each runs inside the intake's release transaction with its payloads already shuffled, writes rows
with random ids and the batch day only, and skips a bad payload rather than losing the batch.
"""

from __future__ import annotations

from upstream.community.services import cosigns, stories

try:
    from upstream.intake.registry import Batch, handler
except ImportError:  # pragma: no cover - only while the pipeline app is not installed
    handler = None

if handler is not None:
    # After concerns and replies, so an offer made the day a concern is released finds it.
    @handler(cosigns.OFFER_KIND, priority=150)
    def release_offers(payloads: list[dict], batch: Batch) -> None:
        cosigns.release_offers(payloads, batch.day)

    @handler(cosigns.COSIGN_KIND, priority=160)
    def release_cosigns(payloads: list[dict], batch: Batch) -> int:
        return cosigns.release_cosigns(payloads, batch.day, batch.released_at)

    @handler(stories.STORY_KIND, priority=170, prepare=stories.prepare_release)
    def release_stories(payloads: list[dict], batch: Batch) -> None:
        stories.release_stories(payloads, batch.day)
