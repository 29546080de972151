"""allauth hooks: hospitals provision accounts by import, so self-signup is off by default."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.UPSTREAM_OPEN_SIGNUP)
