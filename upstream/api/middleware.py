"""A NUL character in an address is refused with 400 before any view reads it.

No parameter of the API or of a page can hold one, and PostgreSQL refuses one in a query (psycopg
raises DataError), so a view that filters on a query parameter it does not otherwise check answered
`?theme=a%00` with a 500 (the API's inbox, then the inbox and thanks pages, found by fuzzing the
pages on PostgreSQL). This states the rule once for every parameter, present and future: the API
answers in its documented shape, a page with the site's "could not understand that request" page.
Only the address: a NUL in a form's text is refused at its box, with what was typed kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import get_resolver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upstream.lib.tolerant_cache import RETRY_AFTER_SECONDS as LIMITS_RETRY_AFTER_SECONDS
from upstream.lib.tolerant_cache import CacheUnavailable
from upstream.ops.middleware import with_head

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
SERVER_ERROR = gettext_lazy(
    "Something went wrong on our side. The error has been logged; try again in a few minutes."
)
BUSY = gettext_lazy(
    "Upstream is busy with a long change (an import) and saved nothing of this request. "
    "Send it again in a minute."
)
LIMITS_DOWN = gettext_lazy(
    "Upstream cannot check its limits just now (the service that counts them does not answer), so "
    "nothing of this request was saved or looked up. Try again in a few minutes."
)
logger = logging.getLogger(__name__)


def _problem(where: str, name: str, said: str | None = None) -> dict[str, object]:
    """`loc` is the same in every language (docs/api.md): the parameter's own name, or for the path
    just ["path"]; `said` is how the message names it, in the reader's language."""
    message = _("%(name)s contains a null character (%%00), which no parameter can hold; remove it.") % {
        "name": said or name
    }
    return {"loc": [where, name] if name else [where], "msg": message, "type": "null_character"}


class RefuseNullInAddress:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problems = []
        if "\x00" in request.path:
            problems.append(_problem("path", "", _("The address")))
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                problems.append(_problem("query", name.replace("\x00", "")))
        if not problems:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            detail = " ".join(str(p["msg"]) for p in problems)
            return JsonResponse({"detail": detail, "errors": problems}, status=400)
        # The site's own 400 page, as for any request Django cannot read; nothing is logged.
        bad_request = get_resolver().resolve_error_handler(400)
        response: HttpResponse = bad_request(request, SuspiciousOperation("NUL in the address"))
        return response


class RequireContentLength:
    """Under /api/, a body sent with `Transfer-Encoding` (chunked) is refused with 411, saying to
    send Content-Length.

    Django reads a body by its CONTENT_LENGTH alone, and gunicorn passes a chunked body on without
    one, so such a body reached the API as empty: a valid concern was answered "payload: Please
    fill this in.", and 10 MB the same, not "too large". Reading the chunks ourselves would depend
    on the server decoding them and ending the stream (runserver's does neither, and a read to the
    end of a kept-alive connection waits for ever); every client can send Content-Length instead.
    A request with both headers is refused too: RFC 9112 (6.3) lets Transfer-Encoding win, which
    Django would not do, and a server reading the two differently is how requests are smuggled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX) or not request.META.get("HTTP_TRANSFER_ENCODING"):
            return self.get_response(request)
        message = _(
            "Send the body with a Content-Length header and without Transfer-Encoding (a chunked "
            "body cannot be read here)."
        )
        problem = {"loc": ["header", "Content-Length"], "msg": message, "type": "length_required"}
        return JsonResponse({"detail": message, "errors": [problem]}, status=411)


class ApiErrorsAsJson:
    """Under /api/, a 404 for an address no operation has, a 405 for a method an operation does
    not take, or a server error answers in the API's shape (`{"detail": ...}`) instead of the
    site's HTML page: the docs promise every error is JSON, and a client parsing it got HTML.
    Answers the API itself wrote (already JSON) pass untouched; the documentation pages under /api/
    are HTML and answer 200.

    On every path, a database too busy to write (SQLite's lock, held by a long import, outlasting
    its wait) is a 503 with Retry-After, not a 500: nothing was written, and the same request a
    little later succeeds. Fuzzing saw thirty writes fail as HTML 500s during one import. So is a
    limit of an anonymous path that cannot be counted while Redis is down (CacheUnavailable)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code not in (404, 405, 500):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 500:
            return JsonResponse({"detail": str(SERVER_ERROR)}, status=500)
        if response.status_code == 404:
            detail = _("No API operation has this address; see /api/docs for the ones there are.")
            return JsonResponse({"detail": detail}, status=404)
        allowed = with_head(response.get("Allow", ""))
        detail = _("This address does not take %(method)s; it takes %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed or "-",
        }
        answer = JsonResponse({"detail": detail}, status=405)
        if allowed:
            answer["Allow"] = allowed
        return answer

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, CacheUnavailable):
            return self._limits_down(request)
        if not (isinstance(exception, OperationalError) and "database is locked" in str(exception)):
            return None
        # No address, no method, nothing of the request: an anonymous form may be what waited.
        logger.warning("database busy: a request waited for the write lock and was answered 503")
        return _unavailable(request, BUSY, "503.html", RETRY_AFTER_SECONDS)

    def _limits_down(self, request: HttpRequest) -> HttpResponse:
        """Redis is down and a limit of an anonymous path must not fail open (lib/tolerant_cache.py):
        said as a 503 with Retry-After, the same request a little later succeeds. The warning is
        logged by the cache, about once a minute, not here per request."""
        return _unavailable(request, LIMITS_DOWN, "503_limits.html", LIMITS_RETRY_AFTER_SECONDS)


def _unavailable(request: HttpRequest, detail: object, template: str, retry_after: int) -> HttpResponse:
    """A 503 with Retry-After: the API's JSON detail, or the page."""
    if request.path.startswith(API_PREFIX):
        answer: HttpResponse = JsonResponse({"detail": str(detail)}, status=503)
    else:
        answer = render(request, template, status=503)
    answer["Retry-After"] = str(retry_after)
    return answer
