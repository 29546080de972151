"""Logging filters of the LOGGING setting (upstream/config/settings.py)."""

from __future__ import annotations

import logging

REFUSED_HOST = (
    "request refused: its Host header is not in UPSTREAM_ALLOWED_HOSTS "
    "(host, path and client address not logged)"
)


class RefusedHostLine(logging.Filter):
    """Rewrites Django's `django.security.DisallowedHost` record in place, before any handler sees
    it: no host, path, request or traceback, WARNING rather than ERROR, and dated to the day (the
    `anonymous` mark read by upstream.lib.request_log.AnonymousSafeFormatter), since the request may
    have been for an anonymous path."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = REFUSED_HOST, ()
        record.exc_info = record.exc_text = record.stack_info = None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.__dict__.pop("request", None)
        record.anonymous = True
        return True
