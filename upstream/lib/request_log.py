"""One log line per request that can never tie an account or a client to a submission.

Django's own request and server loggers write the raw path and, behind some servers, the client
address; they are turned down in settings and replaced by this line: method, the matched route
pattern (never the raw path or query string), status and duration. No user, no address, no body,
no user agent.

Requests on the anonymous paths (the speak-up form and everything on it, receipts, speak-up
tokens, survey answers, co-signs and co-sign offers, anonymous stories, taps on the crisis lines
shown to a writer) are not logged at all, reads included: a line's timestamp would
give the second someone opened the form or sent it, which someone holding both the logs and the
sign-in records could match to whoever was signed in then. A server error there logs one line
dated to the day only, with the route pattern and the exception's type, never its message
(which may quote the text); see `AnonymousSafeFormatter`.

So are the requests answered before any route matched them: a chunked body refused with 411, a
NUL in the address refused with 400, the second-factor redirect, and a 404 under an anonymous
address (`/speak/...`, `/receipt/...`, `/api/v1/receipts/...`). Each was logged as
`/(unmatched)` to the second; the address they were sent to decides instead.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, ResolverMatch, get_resolver

logger = logging.getLogger("upstream.requests")

# URL namespaces whose every request leads to, or is, an anonymous write.
ANONYMOUS_NAMESPACES = {"speak", "receipt", "speakup", "surveys_answer"}
# Route patterns (as Django resolves them) that are anonymous writes, whatever the method. The
# stories page is here, reads included, because an anonymous story's POST redirects to it: the
# GET that follows would give the second the story was sent. The reporter's co-sign page opens a
# concern by receipt and offers it, like /receipt/.
# A tap on a crisis or help line is counted (per day) from the crisis box that a writer whose
# words were flagged sees on the page answering their write: its line would give the second just
# after an urgent concern was sent. The directory's taps go unlogged with them.
ANONYMOUS_ROUTES = {
    "community/shared/cosign",
    "community/shared/mine",
    "community/stories/",
    "community/resources/<int:resource_id>/used/<str:kind>",
    # The speak-up form's partial (shared concerns to co-sign instead), asked with the draft, and
    # the API's small-group check, which an integration makes just before it submits; so too the
    # unit and role-group lists docs/api.md tells it to read for `unit_id` and `role_group`.
    "community/shared/similar",
    "api/v1/units/group-check",
    "api/v1/units",
    "api/v1/role-groups",
    # The crisis lines with their ids: an integration reads them to record a tap
    # (POST .../resources/{id}/uses) right after a write its reporter's words flagged.
    "api/v1/community/resources/crisis",
}
# Route patterns that are anonymous writes when POSTed (their GET is an ordinary signed-in read,
# and nothing redirects to it after the write).
ANONYMOUS_POSTS = {
    "api/v1/concerns",
    "api/v1/community/stories",
    "api/v1/community/resources/<resource_id>/uses",
}
# API prefixes whose every route is anonymous or leads to an anonymous write.
ANONYMOUS_API_PREFIXES = (
    "api/v1/receipts",
    "api/v1/speakup",
    "api/v1/community/shared",
    "api/v1/surveys/answer",
)
# An address no route matches (a 404) is anonymous when it starts like one: the mount points of
# ANONYMOUS_NAMESPACES (speak/ holds speakup's pages too, surveys/<wave>/ is surveys_answer) and
# ANONYMOUS_API_PREFIXES. Compared without case or extra leading slashes, and with a slash added
# (/speak is redirected to /speak/ before any route matches): a near miss of the speak-up form is
# still someone on their way to it.
ANONYMOUS_ADDRESS = re.compile(
    r"(?:speak/|receipt/|surveys/\d+/|"
    + "|".join(re.escape(prefix) for prefix in ANONYMOUS_API_PREFIXES)
    + ")",
    re.IGNORECASE,
)


def _route_of(request: HttpRequest) -> ResolverMatch | None:
    """The route Django matched, or for a request answered before routing (a middleware's refusal
    or redirect), the route its address leads to; None for an address no route matches."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match
    # path_info is the address as Django routes it, already percent-decoded by the server. A NUL
    # is dropped so that /api/v1/concerns%00, refused with 400, is still the submit it aimed at.
    path = str(getattr(request, "path_info", "")).replace("\x00", "")
    try:
        return get_resolver(getattr(request, "urlconf", None)).resolve(path)
    except Resolver404:
        return None


def is_anonymous_path(request: HttpRequest) -> bool:
    match = _route_of(request)
    if match is None:
        path = str(getattr(request, "path_info", "")).lstrip("/") + "/"
        return ANONYMOUS_ADDRESS.match(path) is not None
    if ANONYMOUS_NAMESPACES & set(match.namespaces):
        return True
    route = match.route or ""
    if route in ANONYMOUS_ROUTES or (route in ANONYMOUS_POSTS and request.method == "POST"):
        return True
    return route.startswith(ANONYMOUS_API_PREFIXES)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        if is_anonymous_path(request):
            if response.status_code >= 500:
                logger.error("anonymous path %s failed", getattr(_route_of(request), "route", "?"))
            return response
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else "(unmatched)"
        elapsed_ms = (time.monotonic() - started) * 1000
        method = request.META.get("REQUEST_METHOD", request.method)  # HEAD, which runs as GET
        logger.info("%s /%s %s %.0fms", method, route, response.status_code, elapsed_ms)
        return response


class AnonymousSafeFormatter(logging.Formatter):
    """Dates every line to the second, except lines about an anonymous request (or logged with
    `extra={"anonymous": True}`): those get the day only, and an exception there is reduced to its
    type (its message may quote the text)."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        """Python's time with the UTC offset ("2026-12-05 12:13:03,288 -0500"): lines in the
        deployment's time zone without it were read against gunicorn's (which carry one) and a proxy's
        in UTC, five hours apart (install probe). A day-only date keeps its form."""
        text = super().formatTime(record, datefmt)
        if datefmt is None:
            text += time.strftime(" %z", self.converter(record.created))
        return text

    def format(self, record: logging.LogRecord) -> str:
        request = getattr(record, "request", None)
        anonymous = (
            getattr(record, "anonymous", False)
            or (request is not None and is_anonymous_path(request))
            or (record.name == logger.name and record.getMessage().startswith("anonymous path"))
        )
        if not anonymous:
            return super().format(record)
        day = self.formatTime(record, "%Y-%m-%d")
        kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        # A CSRF refusal is a WARNING with the request: a 403, not a server error.
        failure = "server error" if record.levelno >= logging.ERROR else "request refused"
        message = f"{failure} on an anonymous path" if request is not None else record.getMessage()
        return f"{day} {record.levelname} {record.name} {message}{f' ({kind})' if kind else ''}"
