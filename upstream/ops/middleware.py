"""A HEAD request gets the headers of the GET and no body, from Upstream rather than from gunicorn.

Django's WSGI handler answers HEAD with the GET's body and leaves dropping it to the server (its
own runserver and test client do); gunicorn drops it too but logs "WSGI app sent body bytes on a
no-body response" for every one, so each `curl -I` and every load balancer probe made by HEAD
wrote a warning. Outermost in MIDDLEWARE, so it runs after everything that sets a header
(Content-Length keeps the GET's length, as HTTP asks).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class EmptyHeadResponses:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            # A FileResponse forgets its file here (no sendfile), and still closes it when the
            # server closes the response.
            response.streaming_content = []
        else:
            response.content = b""
        return response
