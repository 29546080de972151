"""The API tokens page: a person lists, creates and revokes their own tokens (the same services as
/api/v1/tokens)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from upstream.api import tokens
from upstream.api.forms import TokenForm
from upstream.api.models import SCOPE_NAMES


def _page(request: HttpRequest, form: TokenForm, created: str = "", status: int = 200) -> HttpResponse:
    rows = [
        (row, tokens.token_state(row), [SCOPE_NAMES.get(scope, scope) for scope in row.scopes])
        for row in tokens.tokens_of(request.user)[:200]
    ]
    context = {"form": form, "rows": rows, "created": created}
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _row, plain = tokens.issue_token(
            request.user,
            form.cleaned_data["name"],
            form.cleaned_data["scopes"],
            form.cleaned_data["expires_in_days"],
            form_key=form.cleaned_data["form_key"] or None,
        )
    except tokens.TokenAlreadySent as again:
        # The first sending's token is in the list; its value went to a page the browser dropped.
        messages.info(request, str(again))
        messages.info(
            request, _("If you did not copy the token it made, revoke it below and create another.")
        )
        return redirect("api_tokens:list")
    except tokens.TokenError as error:
        form.add_error(None, str(error))
        return _page(request, form, status=400)
    # Shown once, in this response only: never put in a message, a URL or the session.
    return _page(request, TokenForm(), created=plain)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        row = tokens.revoke_token(request.user, token_id)
    except tokens.TokenNotFound:
        raise Http404(_("No such token among yours.")) from None
    messages.success(request, _("Token “%(name)s” revoked. It no longer works.") % {"name": row.name or "—"})
    return redirect("api_tokens:list")
