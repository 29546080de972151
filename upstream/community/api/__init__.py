"""The community JSON API: /api/v1/community/..., one module per capability."""

from __future__ import annotations

from ninja import Router

from upstream.community.api import (
    campaigns,
    cosigns,
    for_leaders,
    gatherings,
    mentoring,
    peer,
    recognition,
    resources,
    stories,
)

router = Router(tags=["community"])
router.add_router("/resources", resources.router)
router.add_router("/thanks", recognition.router)
router.add_router("/gatherings", gatherings.router)
router.add_router("/shared", cosigns.router)
router.add_router("/peer", peer.router)
router.add_router("/campaigns", campaigns.router)
router.add_router("/mentoring", mentoring.mentoring_router)
router.add_router("/stories", stories.stories_router)
router.add_router("/waiting", for_leaders.router)
