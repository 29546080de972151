"""Limits on guessing receipt codes that never record who guessed.

Only failed lookups count. The per-client counter lives only in the cache, under an HMAC of the
client address keyed by SECRET_KEY and the current hour, and expires within the hour: neither the
database nor the logs ever hold an address. (Someone holding SECRET_KEY and the live cache could
test guessed addresses against the current hour's counters; nothing older survives.) A global
counter caps guessing spread over many addresses.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

WINDOW_SECONDS = 3600


def _hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def _client_address(request: HttpRequest) -> str:
    header = settings.UPSTREAM_CLIENT_IP_HEADER
    if header:
        forwarded = request.headers.get(header, "")
        if forwarded:
            # The right-most entry is the one our own proxy appended; anything left of it is
            # whatever the client chose to send, and would buy a fresh allowance per value.
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _client_key(request: HttpRequest) -> str:
    key = f"{settings.SECRET_KEY}:{_hour()}".encode()
    mac = hmac.new(key, _client_address(request).encode(), hashlib.sha256).hexdigest()[:32]
    return f"receipt-fail:{_hour()}:{mac}"


def _global_key() -> str:
    return f"receipt-fail:{_hour()}:all"


def is_limited(request: HttpRequest) -> bool:
    client = cache.get(_client_key(request), 0)
    total = cache.get(_global_key(), 0)
    return (
        client >= settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT
        or total >= settings.UPSTREAM_RECEIPT_FAILURES_GLOBAL
    )


def record_failure(request: HttpRequest) -> None:
    for key in (_client_key(request), _global_key()):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


LIMITED_MESSAGE = (
    "Too many codes that did not match were tried from here. Please wait an hour and try again; "
    "if you have lost your code, you can submit a new concern that refers to the old one."
)
