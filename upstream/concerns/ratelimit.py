"""Limits on guessing receipt codes that never record who guessed.

Only failed lookups count. The per-client counter's key is an HMAC of the client address under a
key that changes every hour and lives only in the cache, so neither the database nor the logs ever
hold an address, and after the hour nothing can be linked even by someone holding SECRET_KEY
without the hour's counter. A global counter caps guessing from many addresses at once.
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
            return forwarded.split(",")[0].strip()
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
    return client >= settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT or total >= settings.UPSTREAM_RECEIPT_FAILURES_GLOBAL


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
