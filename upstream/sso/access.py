"""Who must use a second factor: leaders, the well-being office and operators."""

from __future__ import annotations

from django.conf import settings

from upstream.audit.access import OFFICE_PERMISSION

STRONG_TYPES = ("totp", "webauthn")


def requires_mfa(user) -> bool:
    """Leaders (a LeaderAssignment), the well-being office (its permission) and staff or superusers."""
    if not getattr(settings, "UPSTREAM_REQUIRE_MFA", True):
        return False
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.leader_assignments.exists():
        return True
    return user.has_perm(OFFICE_PERMISSION)


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type__in=STRONG_TYPES).exists()
