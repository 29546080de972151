"""A HEAD request is answered as its GET, with the GET's headers and no body, by Upstream itself.

Two gaps this closes:
- Views that name the methods they take (`require_http_methods(["GET", "POST"])`, every API
  operation) refused HEAD with a 405, though HTTP requires a server that answers GET to answer
  HEAD (RFC 9110, 9.1): a monitor probing an API address or `/receipt/` with `curl -I` saw an
  error. HEAD now reaches the view as GET, and every 405 that allows GET lists HEAD too.
- Django's WSGI handler leaves dropping a HEAD body to the server; gunicorn drops it but logs "WSGI
  app sent body bytes on a no-body response" for every one, so each `curl -I` and every load
  balancer probe made by HEAD wrote a warning.

Outermost in MIDDLEWARE, so it runs after everything that sets a header (Content-Length keeps the
GET's length, as HTTP asks). A GET changes nothing it should not, so answering HEAD as GET is safe;
what a GET records because a person was shown something (a leader's read of a concern) is not
recorded for HEAD, which shows nothing (`upstream.lib.head_requests`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from upstream.lib.head_requests import answering_head


def with_head(allowed: str) -> str:
    """An Allow header's methods, with HEAD added where GET is there."""
    methods = [m.strip() for m in allowed.split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return ", ".join(methods)


class EmptyHeadResponses:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # META keeps HEAD, for the request log
            with answering_head():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if response.status_code == 405 and response.has_header("Allow"):
            response["Allow"] = with_head(response["Allow"])
        if not head:
            return response
        if response.streaming:
            # A FileResponse forgets its file here (no sendfile), and still closes it when the
            # server closes the response.
            response.streaming_content = []
        else:
            response.content = b""
        return response
