"""A JSON body is read only when the request says it is JSON.

Ninja's parser reads any body as JSON, whatever its Content-Type, so `text/plain` carrying JSON was
accepted. That matters beyond tidiness: `text/plain`, like a form's encodings, is a type a browser
sends cross-site without asking the server first (no CORS preflight), so another site's page could
make a visitor's browser post to the operations that need no sign-in (a reply on a receipt, a
concern with a speak-up code), which have no token and no CSRF check. Requiring `application/json`
(or a `+json` type) means every such request is preflighted, and Upstream answers no preflight.
Operations that take a form or a file (`multipart/form-data`) read their fields through Django and
are not affected.
"""

from __future__ import annotations

import json

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser
from ninja.types import DictStrAny

JSON = "application/json"


class NotJson(Exception):
    """The body came with a Content-Type that is not JSON; `content_type` is what was sent."""

    def __init__(self, content_type: str) -> None:
        self.content_type = content_type
        super().__init__(content_type)


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == JSON or (media.startswith("application/") and media.endswith("+json"))


def _not_json(constant: str) -> None:
    """NaN, Infinity and -Infinity are Python's, not JSON's (RFC 8259 has no such numbers): the
    fuzz's `NaN` for an id was read as a number and answered "for example 2.5"."""
    raise ValueError(f"{constant} is not a JSON number")


class NotUtf8(Exception):
    """The body's bytes are not UTF-8. RFC 8259 (8.1) has JSON exchanged in UTF-8 and gives
    `application/json` no charset, so a body declared `charset=latin-1` is not decoded as Latin-1:
    a client that says Latin-1 and sends UTF-8 (a common misconfiguration) would have its accents
    stored garbled. The answer says what to send instead of "not JSON"."""

    def __init__(self, content_type: str) -> None:
        self.content_type = content_type
        super().__init__(content_type)


class JsonOnly(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        sent = request.headers.get("Content-Type", "")
        if not is_json(sent):
            raise NotJson(sent)
        try:
            return json.loads(request.body, parse_constant=_not_json)
        except UnicodeDecodeError as undecodable:
            raise NotUtf8(sent) from undecodable

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        """A query parameter sent empty (`?unit_id=`, as a form with an empty field or a client
        filling in every parameter sends it) counts as left out, so it takes its default: it was a
        400 for a number, a date or a choice, and the text for a text, depending on its type. The
        schema states optional parameters without null (`openapi._not_nullable`)."""
        parsed = super().parse_querydict(data, list_fields, request)
        for key in list(parsed):
            if key in list_fields:
                parsed[key] = [value for value in parsed[key] if value != ""]
                if not parsed[key]:
                    del parsed[key]
            elif parsed[key] == "":
                del parsed[key]
        return parsed
