"""One log line per request that can never tie an account or a client to a submission.

Django's own request and server loggers write the raw path and, behind some servers, the client
address; they are turned down in settings and replaced by this line: method, the matched route
pattern (never the raw path or query string), status and duration. No user, no address, no body,
no user agent.

Writes on the anonymous paths (submitting a concern, looking up or replying with a receipt) are
not logged at all: a line's timestamp would give the exact second of a submission, which someone
holding both the logs and the sign-in records could match to whoever was signed in then. Failures
there still log, without the route's identity beyond its pattern.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("upstream.requests")

ANONYMOUS_NAMESPACES = {"speak", "receipt"}
# The API's anonymous writes, by route pattern as Django resolves them under /api/.
ANONYMOUS_API_ROUTES = {"api/v1/concerns", "api/v1/receipts/lookup", "api/v1/receipts/reply"}


def is_anonymous_write(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    return bool(ANONYMOUS_NAMESPACES & set(match.namespaces)) or match.route in ANONYMOUS_API_ROUTES


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        if is_anonymous_write(request) and response.status_code < 500:
            return response
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else "(unmatched)"
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.info("%s /%s %s %.0fms", request.method, route, response.status_code, elapsed_ms)
        return response
