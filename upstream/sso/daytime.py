"""Signing in through SSO or with a second factor writes no time finer than the day (DESIGN.md rule 1).

allauth records times that could sit next to an anonymous write and tell who wrote it:
- `Authenticator.last_used_at` on every second-factor sign-in: recorded as the day, and written only
  when the day changes (a second sign-in on the same day writes nothing at all).
- `Authenticator.created_at` and recovery codes' `viewed_at`: kept to the day.
- `SocialAccount.last_login` (auto_now, rewritten on every SSO sign-in) and `date_joined`: the day.
- The `User.date_joined` of an account created by a first SSO sign-in: the day.
- `SocialAccount.extra_data` keeps the IdP's identity claims only: an ID token also carries when it
  was issued (`iat`, `auth_time`, `exp`) and per-sign-in values (`nonce`, `at_hash`, Entra's `uti`),
  which would rewrite the row with the exact time at every sign-in.
"""

from __future__ import annotations

import datetime as dt

from django.db.models.signals import pre_save
from django.utils import timezone


def today_start() -> dt.datetime:
    """Midnight today in the site's time zone: the finest time a sign-in may leave behind."""
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def to_day(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _record_usage(self) -> None:
    day = today_start()
    if self.last_used_at is not None and to_day(self.last_used_at) == day:
        return
    self.last_used_at = day
    self.save(update_fields=["last_used_at"])


def _authenticator_to_day(sender, instance, **kwargs) -> None:
    instance.created_at = to_day(instance.created_at)
    instance.last_used_at = to_day(instance.last_used_at)
    viewed = (instance.data or {}).get("viewed_at") if isinstance(instance.data, dict) else None
    if viewed is not None:
        instance.data["viewed_at"] = today_start().timestamp()


IDENTITY_CLAIMS = {
    "sub", "oid", "tid", "iss", "aud", "email", "email_verified", "name", "given_name", "family_name",
    "preferred_username", "upn", "unique_name", "groups", "roles", "locale",
}  # fmt: skip


def _identity_only(data):
    if not isinstance(data, dict):
        return data
    if "sub" in data or "oid" in data:
        return {key: value for key, value in data.items() if key in IDENTITY_CLAIMS}
    return {key: _identity_only(value) for key, value in data.items()}


def _social_account_identity_only(sender, instance, **kwargs) -> None:
    data = instance.extra_data
    if isinstance(data, dict) and ({"id_token", "userinfo"} & set(data) or "sub" in data):
        instance.extra_data = _identity_only(data)


def _user_to_day(sender, instance, **kwargs) -> None:
    if instance._state.adding:
        instance.date_joined = to_day(instance.date_joined)


def _day_pre_save(field):
    """Replace an auto_now/auto_now_add field's stamp with today's midnight (no migration change)."""

    def pre_save(model_instance, add):
        if field.auto_now or (field.auto_now_add and add):
            setattr(model_instance, field.attname, today_start())
        return getattr(model_instance, field.attname)

    return pre_save


def connect() -> None:
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.auth import get_user_model

    Authenticator.record_usage = _record_usage
    pre_save.connect(_authenticator_to_day, sender=Authenticator, dispatch_uid="sso_authenticator_day")
    pre_save.connect(
        _social_account_identity_only, sender=SocialAccount, dispatch_uid="sso_social_identity_only"
    )
    pre_save.connect(_user_to_day, sender=get_user_model(), dispatch_uid="sso_user_day")
    for name in ("last_login", "date_joined"):
        field = SocialAccount._meta.get_field(name)
        field.pre_save = _day_pre_save(field)
