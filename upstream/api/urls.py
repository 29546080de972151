"""The JSON API: /api/v1/..., schema at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from upstream.actions.api import router as actions_router
from upstream.actions.services import ActionError, ActionNotFound, ActionTargetNotYours
from upstream.api import board, concern_tools, listening, org, org_import, token_api
from upstream.api.auth import RateLimited
from upstream.api.errors import InvalidInput, schema_problems
from upstream.api.json_body import JSON, JsonOnly, NotJson, NotUtf8
from upstream.api.openapi import UpstreamAPI
from upstream.api.schemas import AlreadySentOut
from upstream.api.tokens import TokenError, TokenNotFound, TooManyTokens
from upstream.community.api.resources import help_line_out
from upstream.concerns.access import ConcernNotFound
from upstream.concerns.api import inbox_router, receipts_router
from upstream.concerns.api import router as concerns_router
from upstream.concerns.services import (
    AlreadySent,
    ConcernConflict,
    ConcernError,
    MissingOrNotYours,
    ReceiptNotFound,
)
from upstream.lib.text import grouped

api = UpstreamAPI(
    title="Upstream API",
    version="1",
    description=(
        "Anonymous well-being concerns, the leader's answer, and actions. Authenticate with "
        "`Authorization: Bearer TOKEN` (create one on the API tokens page, through /api/v1/tokens, or "
        "with `upstream create-token USERNAME`) or a browser session. Tokens carry scopes (read, write, "
        "admin-tokens) and may expire; an unknown, revoked or expired token gets 401, a missing scope "
        '403. Every error is JSON `{"detail": "..."}`; bad input is always 400, with `errors` listing '
        "each problem when the request does not match the schema. A well-formed request naming what "
        "does not exist or is not yours is a 404; one its target's state does not allow, a 409. Lists "
        "take `limit` and `offset` and return `total`. Receipt codes travel only in request bodies, "
        "never in URLs."
    ),
    urls_namespace="api",
    parser=JsonOnly(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/v1/concerns", concerns_router)
api.add_router("/v1/receipts", receipts_router)
api.add_router("/v1/inbox", inbox_router)
api.add_router("/v1/actions", actions_router)
api.add_router("/v1/insights", "upstream.insights.api.router")
api.add_router("/v1/signals", "upstream.signals.api.router")
api.add_router("/v1/audit", "upstream.audit.api.router")
api.add_router("/v1/community", "upstream.community.api.router")
api.add_router("/v1/surveys", "upstream.surveys.api.router")
api.add_router("/v1/surveys/answer", "upstream.surveys.api.code_router")
api.add_router("/v1/speakup", "upstream.speakup.api.router")
api.add_router("/v1/units", org.units_router)
api.add_router("/v1/role-groups", org.roles_router)
api.add_router("/v1/concerns", concern_tools.router)
api.add_router("/v1/themes", concern_tools.themes_router)
api.add_router("/v1/board", board.board_router)
api.add_router("/v1/actions", board.actions_router)
api.add_router("/v1/listening", listening.router)
api.add_router("/v1/org", org_import.router)
api.add_router("/v1/tokens", token_api.router)
api.add_router("/v1/deputies", "upstream.org.api.router")


# Ninja's words for a body its parser refused (ninja.params.models.BodyModel).
NOT_JSON = "Cannot parse request body"


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(ReceiptNotFound)
def _receipt_missing(request: HttpRequest, exc: ReceiptNotFound) -> HttpResponse:
    return _error(request, str(exc), 404)


@api.exception_handler(ConcernNotFound)
def _concern_missing(request: HttpRequest, exc: ConcernNotFound) -> HttpResponse:
    return _error(request, _("No such concern in your units."), 404)


@api.exception_handler(ActionNotFound)
def _action_missing(request: HttpRequest, exc: ActionNotFound) -> HttpResponse:
    return _error(request, _("No such action in your units."), 404)


@api.exception_handler(AlreadySent)
def _already_sent(request: HttpRequest, exc: AlreadySent) -> HttpResponse:
    """A retry whose first answer may have been lost: the help line again, the same for everyone."""
    body = AlreadySentOut(detail=str(exc), help_line=help_line_out())
    return api.create_response(request, body.model_dump(mode="json"), status=409)


@api.exception_handler(TokenNotFound)
def _token_missing(request: HttpRequest, exc: TokenNotFound) -> HttpResponse:
    return _error(request, str(exc), 404)


@api.exception_handler(TokenError)
def _token_rule(request: HttpRequest, exc: TokenError) -> HttpResponse:
    return _error(request, str(exc), 400)


@api.exception_handler(TooManyTokens)
def _too_many_tokens(request: HttpRequest, exc: TooManyTokens) -> HttpResponse:
    return _error(request, str(exc), 409)


@api.exception_handler(ConcernError)
def _concern_rule(request: HttpRequest, exc: ConcernError) -> HttpResponse:
    return _error(request, str(exc), 400)


@api.exception_handler(MissingOrNotYours)
def _not_yours(request: HttpRequest, exc: MissingOrNotYours) -> HttpResponse:
    return _error(request, str(exc), 404)


@api.exception_handler(ConcernConflict)
def _concern_conflict(request: HttpRequest, exc: ConcernConflict) -> HttpResponse:
    return _error(request, str(exc), 409)


@api.exception_handler(ActionError)
def _action_rule(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return _error(request, str(exc), 400)


@api.exception_handler(ActionTargetNotYours)
def _action_target_missing(request: HttpRequest, exc: ActionTargetNotYours) -> HttpResponse:
    return _error(request, str(exc), 404)


@api.exception_handler(InvalidInput)
def _invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=400)


@api.exception_handler(RateLimited)
def _limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = _error(request, str(exc), 429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    answer = _error(request, _("Sign in, or send a valid token as 'Authorization: Bearer TOKEN'."), 401)
    # RFC 9110 (15.5.2): a 401 names the scheme that would be accepted (RFC 6750 for bearer tokens).
    answer["WWW-Authenticate"] = 'Bearer realm="Upstream API"'
    return answer


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja answers a body it cannot parse with its own English "Cannot parse request body" and no
    `errors`: that is a schema problem like any other, so it gets the same shape, in our words. A
    body sent as another type than JSON is a 415 (`json_body`), saying which type to send."""
    if exc.status_code == 400 and isinstance(exc.__cause__, NotJson):
        sent = exc.__cause__.content_type.split(";", 1)[0].strip() or _("no Content-Type")
        message = _(
            "This body must be sent as JSON, with Content-Type: application/json (it came as %(sent)s)."
        ) % {"sent": sent}
        problem = {"loc": ["header", "Content-Type"], "msg": message, "type": "media_type"}
        answer = api.create_response(request, {"detail": message, "errors": [problem]}, status=415)
        answer["Accept"] = JSON  # RFC 9110 15.5.16: the type this address takes
        return answer
    if exc.status_code == 400 and isinstance(exc.__cause__, NotUtf8):
        declared = exc.__cause__.content_type.partition(";")[2].strip()
        message = _(
            "The body is not UTF-8. Send JSON encoded as UTF-8, as RFC 8259 asks, with no charset or "
            "charset=utf-8 (it came as %(declared)s)."
        ) % {"declared": declared or _("no charset")}
        problem = {"loc": ["body"], "msg": message, "type": "json_invalid"}
        return api.create_response(request, {"detail": message, "errors": [problem]}, status=400)
    if exc.status_code == 400 and exc.__cause__ is not None and str(exc).startswith(NOT_JSON):
        message = _("The body is not JSON. Send a JSON object with the fields the schema lists.")
        problem = {"loc": ["body"], "msg": message, "type": "json_invalid"}
        return api.create_response(request, {"detail": message, "errors": [problem]}, status=400)
    return _error(request, str(exc), exc.status_code)


def _unread_body(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body Django will not read (too large, too many fields or files, a multipart part it cannot
    parse, such as a file name over 1,000 characters) was answered with the site's HTML 400 page:
    the same shape as a body that is not JSON, in our words."""
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        megabytes = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / 1_000_000
        message = _(
            "The body is too large to read: send at most %(megabytes)s MB of JSON or form fields, "
            "and at most %(fields)s fields (uploaded files do not count)."
        ) % {"megabytes": f"{megabytes:.1f}", "fields": grouped(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 0)}
        kind = "body_too_large"
    else:
        message = _(
            "The body could not be read as a form. Send multipart/form-data with short field and file names."
        )
        kind = "body_unreadable"
    problem = {"loc": ["body"], "msg": message, "type": kind}
    return api.create_response(request, {"detail": message, "errors": [problem]}, status=400)


for _unreadable in (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, MultiPartParserError, BadRequest):
    api.add_exception_handler(_unreadable, _unread_body)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """The request does not match the schema: pydantic's `loc` and `type`, our words in `msg`."""
    return api.create_response(request, schema_problems(exc.errors), status=400)
