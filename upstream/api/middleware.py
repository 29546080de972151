"""A NUL character in an API address is refused with 400 before any view reads it.

No parameter of the API can hold one, and PostgreSQL refuses one in a query (psycopg raises
DataError), so a view that filters on a query parameter it does not otherwise check answered
`?theme=a%00` with a 500. This states the rule once for every parameter, present and future.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _problem(where: str, name: str) -> dict[str, object]:
    message = _("%(name)s contains a null character (%%00), which no parameter can hold; remove it.") % {
        "name": name
    }
    return {"loc": [where, name], "msg": message, "type": "null_character"}


class RefuseNullInApiAddress:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            problems = []
            if "\x00" in request.path:
                problems.append(_problem("path", _("The address")))
            for name, values in request.GET.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    problems.append(_problem("query", name.replace("\x00", "")))
            if problems:
                detail = " ".join(str(p["msg"]) for p in problems)
                return JsonResponse({"detail": detail, "errors": problems}, status=400)
        return self.get_response(request)
