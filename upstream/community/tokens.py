"""The speak-up token rule for co-signing: one token per person per shared concern, for staff in scope."""

from __future__ import annotations

from upstream.speakup.purposes import Rule, register

COSIGN_PURPOSE = r"cosign:[0-9a-f]{32}"


def _eligible(user: object, purpose: str) -> bool:
    from upstream.community.services.cosigns import cosignable_shared

    if not getattr(user, "is_active", False):
        return False
    return cosignable_shared(user).filter(pk=purpose.split(":", 1)[1]).exists()  # type: ignore[arg-type]


def _shared_exists(purpose: str) -> bool:
    from upstream.community.models import SharedConcern

    return SharedConcern.objects.filter(pk=purpose.split(":", 1)[1]).exists()


def register_rules() -> None:
    # per_period=1 with no period: one token for this concern, ever; the key never rotates while
    # the concern is shared (a rotated key would let a person obtain a second token).
    register(
        COSIGN_PURPOSE,
        lambda _: Rule(
            per_period=1, period_days=None, rotate_days=None, eligible=_eligible, exists=_shared_exists
        ),
    )
