"""A Redis cache that answers "not there" while Redis is down, except where a limit must hold.

With UPSTREAM_REDIS_URL set and Redis stopped, every sign-in answered 500 (an operator's walk):
allauth's sign-in limits read and write the cache, and Django's Redis backend raises on any call.
What each use of the cache needs while Redis is down:

- allauth's sign-in limits (and lib/signin_limits.py): fail open. They slow password guessing
  against accounts; nothing anonymous depends on them, and the accounts that matter have a second
  factor. Sign-in keeps working; the counts start again once Redis is back.
- allauth's record of used one-time codes (TOTP): fail open; a code could be used twice within its
  30 seconds, never without the password.
- memos (surveys/memo.py, surveys/results.py, privacy/complementary.py): a miss is computed again.
- the limits on the anonymous paths (intake/limits.py: submissions per account per day, failed
  receipt look-ups per address): fail closed. They are the only abuse control where nobody can be
  traced, so their callers run inside `required()`, which raises CacheUnavailable; the request is
  answered 503 with Retry-After (upstream/api/middleware.py) and nothing is written.

One WARNING about once a minute per process, naming no request. After a failure Redis is not asked
again for RETRY_SECONDS: with a host that does not answer at all, each call would otherwise wait
for the socket timeout (2 s, settings.py), several times per sign-in.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DOWN = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY_SECONDS = 60.0
RETRY_SECONDS = 5.0
# How long a 503 asks the client to wait: about when Redis is next asked.
RETRY_AFTER_SECONDS = 30

T = TypeVar("T")

_required: contextvars.ContextVar[bool] = contextvars.ContextVar("upstream_cache_required", default=False)
_state_lock = threading.Lock()
_state = {"down_until": 0.0, "warned_at": None}
clock: Callable[[], float] = time.monotonic  # tests move it on


class CacheUnavailable(Exception):
    """The cache (Redis) does not answer, and what was asked of it must not fail open."""


@contextlib.contextmanager
def required() -> Iterator[None]:
    """Inside, a cache that does not answer raises CacheUnavailable instead of answering a miss."""
    token = _required.set(True)
    try:
        yield
    except DOWN as error:  # a plain RedisCache (not this backend) raises the driver's errors
        _noticed(error)
        raise CacheUnavailable(_words(error)) from error
    finally:
        _required.reset(token)


def _words(error: BaseException) -> str:
    # The driver's own message names the host and port: for the operator's `upstream check`, never
    # a page (health.py shows only ok or failing).
    return f"Redis does not answer ({type(error).__name__}: {error})"


def _noticed(error: BaseException) -> None:
    now = clock()
    with _state_lock:
        _state["down_until"] = now + RETRY_SECONDS
        warned_at = _state["warned_at"]
        if warned_at is not None and now - warned_at < WARN_EVERY_SECONDS:
            return
        _state["warned_at"] = now
    # Never the key or the request: the key of a sign-in limit stands for an address and a login.
    logger.warning(
        "cache: Redis (UPSTREAM_REDIS_URL) does not answer (%s): sign-in limits are not counted, "
        "and submissions and wrong receipt codes are answered 503, until it does",
        type(error).__name__,
    )


def _recovered() -> None:
    with _state_lock:
        if _state["warned_at"] is not None:
            _state["warned_at"] = None
            _state["down_until"] = 0.0
        else:
            return
    logger.warning("cache: Redis (UPSTREAM_REDIS_URL) answers again")


def reset() -> None:
    """Forget an outage (tests)."""
    with _state_lock:
        _state["down_until"] = 0.0
        _state["warned_at"] = None


class TolerantRedisCache(RedisCache):
    """Django's RedisCache; while Redis does not answer, each call answers as if the key were absent
    (an `add` as if it were added, so allauth's lock does not wait), unless inside `required()`."""

    def _call(self, miss: T, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        strict = _required.get()
        if clock() < _state["down_until"]:
            if strict:
                raise CacheUnavailable(f"Redis did not answer in the last {RETRY_SECONDS:g} seconds")
            return miss
        try:
            answer = method(*args, **kwargs)
        except DOWN as error:
            _noticed(error)
            if strict:
                raise CacheUnavailable(_words(error)) from error
            return miss
        if _state["warned_at"] is not None:
            _recovered()
        return answer

    def add(self, key, value, timeout=None, version=None):  # type: ignore[override]
        return self._call(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):  # type: ignore[override]
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=None, version=None):  # type: ignore[override]
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):  # type: ignore[override]
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):  # type: ignore[override]
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):  # type: ignore[override]
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):  # type: ignore[override]
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):  # type: ignore[override]
        answer = self._call(None, super().incr, key, delta, version)
        if answer is None:  # as Django answers a key that is not there
            raise ValueError(f"Key '{key}' not found.")
        return answer

    def set_many(self, data, timeout=None, version=None):  # type: ignore[override]
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):  # type: ignore[override]
        return self._call(None, super().delete_many, keys, version)

    def clear(self):  # type: ignore[override]
        return self._call(None, super().clear)
