"""Leaders, the well-being office and operators set up a second factor before anything else.

Until they have a TOTP authenticator or a passkey, every page except sign-in, sign-out and the
multi-factor pages themselves sends them to set one up (docs/sso.md#multi-factor). allauth then asks
for the second factor at every sign-in, password or SSO alike.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from upstream.sso.access import has_second_factor, requires_mfa

OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health", "/favicon")
SSO_PREFIXES = ("/accounts/oidc/", "/accounts/saml/")

log = logging.getLogger(__name__)


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


class IdentityProviderUnreachable:
    """An identity provider that does not answer (its discovery document or SAML metadata cannot be
    read) was a bare "Something went wrong on our side": for the person at the sign-in button, and for
    the SAML metadata page IT gives the IdP. Now a 502 page says which service is not answering."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # requests' errors and urllib's URLError are both OSErrors; so is a refused connection.
        if not request.path.startswith(SSO_PREFIXES) or not isinstance(exception, OSError):
            return None
        # From the address, so anything a client typed: cut short, and %r escapes line breaks.
        provider_id = (request.path.split("/")[3] if request.path.count("/") > 3 else "?")[:64]
        log.warning("sso: identity provider %r did not answer (%s)", provider_id, type(exception).__name__)
        context = {"provider": _provider_name(provider_id), "account_help": settings.UPSTREAM_ACCOUNT_HELP}
        return render(request, "sso/unreachable.html", context, status=502)


def _provider_name(provider_id: str) -> str:
    for provider in settings.SOCIALACCOUNT_PROVIDERS.values():
        for app in provider.get("APPS", []):
            if app.get("provider_id") == provider_id:
                return str(app.get("name") or provider_id)
    return _("the sign-in service")
