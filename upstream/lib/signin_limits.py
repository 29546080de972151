"""Failed sign-ins are counted per client address and account together, never per account alone.

allauth counts failed passwords under a key (by default the login name) as well as per address. A
per-account count is a lockout anyone can trigger against a colleague by typing their name and
wrong passwords. Keying the count by address *and* login slows the person guessing while the owner,
signing in from anywhere else, is not affected. The key is an HMAC under SECRET_KEY, so the cache
never holds the address and the login in the clear (STYLE.md: rate-limit keys are keyed hashes).

Guessing spread over many addresses is bounded per address by allauth's own per-IP limits
(ACCOUNT_RATE_LIMITS in settings) and, for the accounts that matter, by multi-factor sign-in.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def failed_signin_key(client_address: str | None, login_key: str) -> str:
    message = f"{client_address or '-'}\n{login_key.lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def forget_emptied_counts(usage: object) -> None:
    """Remove the failed-sign-in entries that allauth's rollback of a successful attempt left empty.

    `usage` is allauth's RateLimitUsage (allauth.core.internal.ratelimit, pinned in pyproject.toml):
    one entry per limit, each with its cache key. Under allauth's own lock, so a failure counted at
    the same moment is not lost.
    """
    from allauth.core.internal.ratelimit import cache_lock
    from django.core.cache import cache

    for single in getattr(usage, "usage", None) or []:
        with cache_lock(single.cache_key) as locked:
            if locked and not cache.get(single.cache_key):
                cache.delete(single.cache_key)
