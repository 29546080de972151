"""Leaders, the well-being office and operators set up a second factor before anything else.

Until they have a TOTP authenticator or a passkey, every page except sign-in, sign-out and the
multi-factor pages themselves sends them to set one up (docs/sso.md#multi-factor). allauth then asks
for the second factor at every sign-in, password or SSO alike.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from upstream.sso.access import has_second_factor, requires_mfa

OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health", "/favicon")


class RequireMFAMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and requires_mfa(user)
            and not has_second_factor(user)
        ):
            if request.path.startswith("/api/"):
                message = _("Set up a second factor (an authenticator app or a passkey) first.")
                return JsonResponse({"detail": message}, status=403)
            messages.info(
                request,
                _("Your role needs a second factor. Set up an authenticator app to continue."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
