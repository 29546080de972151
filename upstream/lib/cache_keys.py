"""Every cache key is stored as a keyed hash, whoever wrote it.

Upstream's own rate-limit keys are HMACs already (intake/limits.py, lib/signin_limits.py), but
django-allauth keys its per-address sign-in limits with the client address in clear
(`allauth:rl:...:ip:ADDRESS`), so a live cache or a Redis snapshot said who signed in from where
(anonymity.md, risk 21). Django's cache `KEY_FUNCTION` hook hashes every key on its way in, so no
library's key can hold an address, a login or anything else in clear. Callers still read and write
by the plain key: the hook is applied to both.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def hashed_key(key: str, key_prefix: str, version: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()
    return f"{key_prefix}:{version}:{digest}"
