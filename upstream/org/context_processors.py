"""What every page's navigation needs to know about the signed-in person."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from upstream.org.access import covered_leaders, is_leader


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "org_name": settings.UPSTREAM_ORG_NAME,
        "account_help": settings.UPSTREAM_ACCOUNT_HELP,  # the password reset pages name who helps
        "nav_is_leader": bool(user is not None and user.is_authenticated and is_leader(user)),
        # Called only by a template that shows it (the inbox): whose inbox this person covers today.
        "nav_covering": (lambda: covered_leaders(user)) if user is not None else list,
    }
