from __future__ import annotations

from django.http import HttpRequest

from upstream.audit.access import can_read_audit_trail


def navigation(request: HttpRequest) -> dict[str, object]:
    """Whether the navigation offers the read trail (the well-being office only)."""
    user = getattr(request, "user", None)
    return {"nav_audit": bool(user is not None and user.is_authenticated and can_read_audit_trail(user))}
