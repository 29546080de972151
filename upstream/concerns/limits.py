"""Limits on the anonymous paths that slow the abuser and never record who wrote what.

- Submissions per account per day: one account cannot flood leaders' inboxes. The counter is a
  keyed hash in the cache (upstream/intake/limits.py); the database holds nothing that counts
  what an account wrote.
- Failed receipt lookups per client address per hour: guessing is slowed for the guesser only.
  There is no organisation-wide counter a stranger could exhaust, and a valid receipt always
  opens, so nobody behind the same hospital proxy is ever locked out of their own concern.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from upstream.intake.limits import Window

SUBMISSIONS = Window(scope="submissions", seconds=24 * 3600, limit_setting="UPSTREAM_SUBMISSIONS_PER_DAY")
RECEIPT_FAILURES = Window(
    scope="receipt-failures", seconds=3600, limit_setting="UPSTREAM_RECEIPT_FAILURES_PER_CLIENT"
)


def too_many_message() -> str:
    return _(
        "You have sent %(limit)d concerns in the last day, the most one account can send. Nothing was "
        "sent; your text is still here. Please try again in about %(hours)d hours, or write to the "
        "well-being office."
    ) % {
        "limit": settings.UPSTREAM_SUBMISSIONS_PER_DAY,
        "hours": max(1, round(SUBMISSIONS.retry_after() / 3600)),
    }


def client_address(request: HttpRequest) -> str:
    header = settings.UPSTREAM_CLIENT_IP_HEADER
    if header:
        forwarded = request.headers.get(header, "")
        if forwarded:
            # The right-most entry is the one our own proxy appended; anything left of it is
            # whatever the client chose to send, and would buy a fresh allowance per value.
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def refuse_failed_lookup(request: HttpRequest) -> bool:
    """After a receipt code matched nothing: True when this client is past the hourly limit (answer
    429 with `retry_after`), else the failure is counted and False. Called only after the lookup,
    so a valid code always opens (M9); every page and API that opens a receipt calls this one
    rule, where the co-sign pages' own copy checked the limit first and locked reporters out."""
    if RECEIPT_FAILURES.exceeded(client_address(request)):
        return True
    RECEIPT_FAILURES.add(client_address(request))
    return False


def retry_after() -> int:
    return RECEIPT_FAILURES.retry_after()


def limited_message() -> str:
    return _(
        "Too many codes that did not match were tried from here. Please wait %(minutes)d minutes and "
        "try again; a correct code always opens. If you have lost your code, you can send a new "
        "concern that refers to the old one."
    ) % {"minutes": max(1, retry_after() // 60)}
