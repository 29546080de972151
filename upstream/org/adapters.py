"""allauth hooks: hospitals provision accounts by import, so self-signup is off by default."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from upstream.lib.signin_limits import failed_signin_key


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.UPSTREAM_OPEN_SIGNUP)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # Per address and account together: nobody can lock a colleague out (upstream/lib/signin_limits.py).
        login = super()._get_login_attempts_cache_key(request, **credentials)
        return failed_signin_key(self.get_client_ip(request), login)
