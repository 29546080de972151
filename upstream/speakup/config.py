"""Speak-up token settings, read from the environment when used (never at import time)."""

from __future__ import annotations

from django.conf import settings

from upstream.config.env import env_int, env_str


def tokens_per_period() -> int:
    """Concern tokens one person may obtain per period."""
    return env_int("UPSTREAM_SPEAKUP_TOKENS", 5, minimum=1, maximum=50)


def period_days() -> int:
    return env_int("UPSTREAM_SPEAKUP_PERIOD_DAYS", 30, minimum=1, maximum=366)


def rotate_days() -> int:
    """A concern key signs for this many days, then the daily task rotates it."""
    return env_int("UPSTREAM_SPEAKUP_ROTATE_DAYS", 30, minimum=1, maximum=366)


def grace_days() -> int:
    """Tokens signed by a retired key are still accepted for this many days."""
    return env_int("UPSTREAM_SPEAKUP_GRACE_DAYS", 30, minimum=0, maximum=366)


def key_bits() -> int:
    return env_int("UPSTREAM_SPEAKUP_KEY_BITS", 2048, minimum=2048, maximum=4096)


def sealing_secret() -> bytes:
    """The secret that seals private keys at rest: its own variable, else derived from the receipt key."""
    own = env_str("UPSTREAM_SPEAKUP_KEY_SECRET")
    return (own or f"speakup-keys:{settings.RECEIPT_KEY}").encode()


def browser_store(user_pk: int, salt: str, prefix: str) -> str:
    """The name under which a person's browser keeps their codes or tokens (localStorage): `prefix`
    and a keyed hash of the account, so colleagues who sign in one after another on a shared
    computer neither see nor spend each other's, and the browser's storage names no account.
    Keyed with the sealing secret, which outlives a change of SECRET_KEY: a new name would strand
    what is saved. `salt` keeps each kind apart (speak-up codes, survey codes, co-sign tokens)."""
    from django.utils.crypto import salted_hmac

    return prefix + salted_hmac(salt, str(user_pk), secret=sealing_secret()).hexdigest()[:32]
