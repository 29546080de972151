"""Short-lived keyed counters in the cache: limits that never record who was limited.

A counter's key is an HMAC (keyed by SECRET_KEY and the current window) of what it counts (an
account id, a client address); it expires when the window ends (every counter of a window at the
same moment, so its expiry says nothing about when it was begun), and nothing is written to the
database or the logs. Someone holding SECRET_KEY and the live cache could test guessed subjects
against the current window's counters; nothing older survives. Behind several web processes, set
UPSTREAM_REDIS_URL so the counters are shared (the local-memory default counts per process).

While Redis does not answer, `count` and `add` raise CacheUnavailable rather than count nothing:
these limits are the abuse control of paths where nobody can be traced (lib/tolerant_cache.py).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from upstream.lib.tolerant_cache import required


@dataclass(frozen=True)
class Window:
    scope: str
    seconds: int
    limit_setting: str  # read at call time, so operators (and tests) can change it

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.limit_setting))

    def _start(self) -> int:
        return int(time.time()) // self.seconds * self.seconds

    def _key(self, subject: str) -> str:
        start = self._start()
        secret = f"{settings.SECRET_KEY}:{self.scope}:{start}".encode()
        mac = hmac.new(secret, subject.encode(), hashlib.sha256).hexdigest()[:32]
        return f"limit:{self.scope}:{start}:{mac}"

    def count(self, subject: str) -> int:
        with required():
            return int(cache.get(self._key(subject), 0))

    def exceeded(self, subject: str) -> bool:
        return self.count(subject) >= self.limit

    def _left(self) -> float:
        return max(0.001, self._start() + self.seconds - time.time())

    def add(self, subject: str) -> int:
        with required():
            return self._add(subject)

    def _add(self, subject: str) -> int:
        # Every counter of a window expires when the window ends, not a window's length after its
        # first use: a per-counter expiry (which Redis keeps, as an absolute time, in its snapshots
        # too) would give the moment at which that account first submitted, or that address first
        # failed, within the window.
        key = self._key(subject)
        if cache.add(key, 0, self._left()):
            _expire_at(key, self._start() + self.seconds)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self._left())
            _expire_at(key, self._start() + self.seconds)
            return 1

    def retry_after(self) -> int:
        """Seconds until this window ends and the counter starts again."""
        return max(1, self._start() + self.seconds - int(time.time()))


def _expire_at(key: str, end: int) -> None:
    """Redis counts a timeout in whole seconds from the millisecond it is set, so the expiry would
    still carry the millisecond of the first use; pin it to the window's end instead. Other caches
    take the exact seconds left."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full = backend.make_and_validate_key(key)
        backend._cache.get_client(full, write=True).pexpireat(full, end * 1000)
