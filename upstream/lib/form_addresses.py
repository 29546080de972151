"""Addresses that only take a form, opened by GET: where to send the person instead.

After a refused form, the page on screen is the answer to a POST, and the address bar holds the
form's address (`/inbox/<id>/messages`), which takes only POST. The footer's language switcher sent
people back to that address by GET, to a blank 405 and the browser's own error page; so did a
bookmark or a link shared from there (walk probe, stop 38). Now the switcher returns to the page the
form was sent from, and a GET on a form-only address is a page of ours that links to it.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

API_PREFIX = "/api/"


def page_address(request: HttpRequest) -> str:
    """The address that shows the page the person is on, by GET: the request's own for a GET; after
    a POST, the page the form was sent from (the same-origin Referer), else the nearest page above
    the form's address, else the start page."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    # The page that sent the form: most forms post back to their own page (/speak/), which a GET
    # opens again. A form-only address sent again from its own refusal is its own Referer; a GET
    # there is sent on to the page above it (FormOnlyAddresses).
    referer = _same_site_referer(request)
    if referer is not None:
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return page_above(request.path) or "/"


def _same_site_referer(request: HttpRequest):  # type: ignore[no-untyped-def]
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlsplit(referer)
    return None


def page_context(request: HttpRequest) -> dict[str, object]:
    """`page_address` for templates (the language switcher's `next`), worked out only if used."""
    return {"page_address": SimpleLazyObject(lambda: page_address(request))}


def page_above(path: str) -> str | None:
    """The nearest address above `path` that names a page: `/inbox/<id>/messages` gives
    `/inbox/<id>/`, `/receipt/reply` gives `/receipt/`."""
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        base = "/".join(parts)
        for candidate in (f"{base}/", base):
            if candidate and candidate != path and _names_a_view(candidate):
                return candidate
    return None


def _names_a_view(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class FormOnlyAddresses:
    """A GET on an address that takes only forms answers our page, status 405 as before (with its
    Allow header), linking to the page above it; the API keeps its JSON answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or request.method != "GET"
            or request.path.startswith(API_PREFIX)
            or getattr(response, "streaming", False)
            or response.content
        ):
            return response
        back = page_above(request.path)
        referer = _same_site_referer(request)
        if back and referer is not None and referer.path == request.path:
            # Reached from this address's own answer (the language switch after a form refused
            # twice there): the page the form belongs to, in the new language.
            return redirect(back)
        # The language switch on this page goes to that page too, not back here.
        context = {"back": back, "page_address": back or "/"}
        page = render(request, "405.html", context, status=405)
        # The view's own headers stay: Allow, and a no-store that a private page's decorator set.
        for header, value in response.items():
            if header.lower() not in ("content-type", "content-length"):
                page[header] = value
        page.cookies.update(response.cookies)
        return page
