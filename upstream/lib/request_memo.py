"""Answers remembered for the length of one request.

A page asks "which units does this person lead?" from the navigation, the MFA check, the view and
its access checks: four to five times, two queries each. Inside a request the answer cannot
usefully change, so the first one is kept until the response is sent. Outside a request (tasks,
commands, tests calling services) nothing is remembered, so a change is always seen.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("upstream_request_memo", default=None)


class RequestMemoMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave earlier in this request for the same key."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def forget() -> None:
    """After a write that changes what was remembered (a deputy period added, say)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()
