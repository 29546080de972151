"""Failed receipt lookups on community pages count against the same guessing limit as /receipt/."""

from __future__ import annotations

from django.http import HttpRequest


def limited(request: HttpRequest) -> bool:
    try:
        from upstream.concerns import limits

        return bool(limits.receipt_guessing_limited(request))
    except ImportError:  # the older module name
        from upstream.concerns import ratelimit

        return bool(ratelimit.is_limited(request))


def record_failure(request: HttpRequest) -> None:
    try:
        from upstream.concerns import limits

        limits.record_receipt_failure(request)
    except ImportError:
        from upstream.concerns import ratelimit

        ratelimit.record_failure(request)
