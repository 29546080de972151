"""allauth hooks: hospitals provision accounts by import, so self-signup is off by default."""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.conf import settings
from django.http import HttpRequest

from upstream.lib.mail import KIND_HEADER, sender
from upstream.lib.signin_limits import failed_signin_key, forget_emptied_counts
from upstream.lib.site_url import site_address, site_url


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.UPSTREAM_OPEN_SIGNUP)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A leader who has just typed their password is not asked for it again before setting up
        the authenticator: sign-in led straight to "Confirm Access - enter your password" (allauth
        counts only an explicit re-entry). Within allauth's own window (5 minutes) a sign-in with
        the password counts as one; later, and for everything else, allauth's rule stands."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required
        request = context.request
        records = get_authentication_records(request, request.user) if request is not None else []
        moments = [r.get("at") for r in records if r.get("method") == "password"]
        moments = [at for at in moments if isinstance(at, int | float)]
        return not (moments and time.time() - moments[-1] < account_settings.REAUTHENTICATION_TIMEOUT)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # Per address and account together: nobody can lock a colleague out (upstream/lib/signin_limits.py).
        login = super()._get_login_attempts_cache_key(request, **credentials)
        return failed_signin_key(self.get_client_ip(request), login)

    def authenticate(self, request: HttpRequest, **credentials):  # type: ignore[no-untyped-def]
        """allauth undoes a successful sign-in's count of failed attempts but keeps the emptied
        entry, alive for the limit's five minutes from that moment: its time to live then gave the
        second this address and account signed in, which an anonymity probe set beside the moment
        a concern was written. An entry left empty is removed; one still holding failures stays."""
        user = super().authenticate(request, **credentials)
        if user is not None:
            forget_emptied_counts(getattr(self, "_login_failed_rl_usage", None))
        return user

    # Links in emails point at the configured site address, not the request's host (lib/site_url.py).
    def get_reset_password_from_key_url(self, key: str) -> str:
        return site_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return site_url(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # "Hello from ..." and any link allauth builds name the configured site, not the request's host.
        # The unknown-account mail names who helps (UPSTREAM_ACCOUNT_HELP) instead of a sign-up page.
        extra = {
            "current_site": site_address(),
            "account_help": settings.UPSTREAM_ACCOUNT_HELP,
            "open_signup": bool(settings.UPSTREAM_OPEN_SIGNUP),
        }
        super().send_mail(template_prefix, email, {**extra, **context})

    def get_from_email(self) -> str:
        # From the organisation by name, as every other email of the product (lib/mail.py).
        return sender(super().get_from_email())

    def format_email_subject(self, subject: str) -> str:
        # allauth's "[site] " prefix named the request's Host (an internal name behind a proxy) while
        # the link in the same email named UPSTREAM_BASE_URL (an email walk): the organisation's name.
        return f"[{site_address().name}] {subject}"

    def render_mail(self, template_prefix: str, email, context: dict, headers: dict | None = None):  # type: ignore[no-untyped-def]
        # "account/email/password_reset_key" -> "password-reset-key": what the summary backend logs.
        kind = template_prefix.rsplit("/", 1)[-1].replace("_", "-")
        return super().render_mail(
            template_prefix, email, context, headers={**(headers or {}), KIND_HEADER: kind}
        )
