"""allauth's social sign-in for Upstream: accounts created or matched from the identity provider."""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        # Local self-signup stays closed (UPSTREAM_OPEN_SIGNUP); the hospital's IdP vouches for its
        # people, so a first SSO sign-in creates the account unless the provider says otherwise.
        app = sociallogin.provider.app
        return bool(app and app.settings.get("create_accounts", True))

    def can_authenticate_by_email(self, login, email: str) -> bool:
        # Only for the domains this IdP is the authority for ("email_domains" in UPSTREAM_SSO_FILE):
        # another IdP, or one that lets people type any address, must not take over an account.
        app = login.provider.app
        domains = (app.settings.get("verified_email") if app else None) or []
        if not isinstance(domains, list):
            return False
        return email.rpartition("@")[2].lower() in domains and super().can_authenticate_by_email(login, email)

    def authenticate_by_email(self, sociallogin):
        # Hospital directories hold e-mail addresses in any case (Avery.Stone@...): match ignoring
        # case, and only when exactly one active account has the address.
        from django.contrib.auth import get_user_model

        for address in sociallogin.email_addresses:
            email = address.email
            if not address.verified or not self.can_authenticate_by_email(sociallogin, email):
                continue
            users = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
            if len(users) == 1:
                return users[0], email
        return super().authenticate_by_email(sociallogin)

    def populate_user(self, request: HttpRequest, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = (data.get("name") or "").strip()
        if name and not user.display_name:
            user.display_name = name[:150]
        return user
