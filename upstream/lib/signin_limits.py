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
import time

from django.conf import settings


def failed_signin_key(client_address: str | None, login_key: str) -> str:
    message = f"{client_address or '-'}\n{login_key.lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def forget_emptied_counts(usage: object) -> None:
    """Undo what allauth's rollback of a successful attempt tells of its moment: it writes each count
    back with a fresh expiry, a limit's length after the sign-in. An entry left empty is removed; one
    still holding failures expires a limit's length after its last failure, as it would have.

    `usage` is allauth's RateLimitUsage (allauth.core.internal.ratelimit, pinned in pyproject.toml):
    one entry per limit, each with its cache key and length. Under allauth's own lock, so a failure
    counted at the same moment is not lost.
    """
    from allauth.core.internal.ratelimit import cache_lock
    from django.core.cache import cache

    for single in getattr(usage, "usage", None) or []:
        with cache_lock(single.cache_key) as locked:
            if not locked:
                continue
            failures = cache.get(single.cache_key) or []
            left = max(failures, default=0) + single.cache_duration - time.time()
            if failures and left > 0:
                cache.set(single.cache_key, failures, left)
            else:
                cache.delete(single.cache_key)
