"""A refused form kept for one showing of the page it came from (post, redirect, get).

A refusal answered at the POST address makes a reload send the form again. So the view keeps what
was typed (and a service's refusal, when it made one) in the session under a name, redirects to the
page, and the page takes it back once, only when it is the page the form came from. Sessions are
signed cookies, about 4 KB in all: a text longer than FITS (a long reply, or one past its limit: the
boxes take whatever is pasted, see upstream.lib.forms.UncutCharField) is shown at once at the POST
address instead.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

FITS = 1000


def keep(request: HttpRequest, name: str, page: object, **typed: Any) -> None:
    """Keep what was typed on `page` (a concern's or an action's id) until that page is shown."""
    request.session[name] = {"page": str(page), **typed}


def take(request: HttpRequest, name: str, page: object) -> dict | None:
    """What was kept for this page, removed from the session; None when nothing is (another page's
    draft stays for that page)."""
    kept = request.session.get(name)
    if not isinstance(kept, dict) or kept.get("page") != str(page):
        return None
    del request.session[name]
    return kept
