"""One log line per request that can never tie an account or a client to a submission.

Django's own request and server loggers write the raw path and, behind some servers, the client
address; they are turned down in settings and replaced by this line: method, the matched route
pattern (never the raw path or query string), status and duration. No user, no address, no body,
no user agent. Anonymous pages (the `speak` and `receipt` namespaces) are logged like any other,
which is the point: nothing in the line differs by who sent it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("upstream.requests")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else "(unmatched)"
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.info("%s /%s %s %.0fms", request.method, route, response.status_code, elapsed_ms)
        return response
