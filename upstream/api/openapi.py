"""The API object, with the error answers every operation can give stated once, in the schema.

Every operation may answer 400 (bad input: a rule broken, the request not matching the schema, or a
body that is not JSON); every operation that needs sign-in may answer 401 (no valid session or token:
unknown, revoked or expired) and 403 (the token lacks the scope). Rather than repeat these on each
decorator, they are added to the schema here, in the one shape the exception handlers in
`upstream/api/urls.py` produce. A 400 an operation declares as `Error`, for its handler's own
one-sentence refusal, is documented as `ValidationErrorOut` too: the same operation's schema problems
add `errors`, and a client reads one shape for every 400. An operation with a JSON body may answer
415 when the body comes as another type (`json_body`), and any operation with a body 411 when it
comes chunked, without Content-Length (`middleware.RequireContentLength`).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.signals import setting_changed
from django.utils.translation import get_language
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.responses import NinjaJSONEncoder

from upstream.api.operation_ids import name_operations
from upstream.api.schemas import Error, ValidationErrorOut

REF = "#/components/schemas/{}"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
BAD_INPUT = (
    "Bad input: `detail` says what to fix; `errors` lists each problem when the request does not match "
    "the schema."
)

WRONG_TYPE = (
    "The body was sent with a Content-Type other than `application/json`; the answer has an "
    "`Accept` header naming the type to send."
)

NO_LENGTH = (
    "The body was sent with `Transfer-Encoding` (chunked) instead of a `Content-Length` header; "
    "nothing was read. Send it again with its length."
)


def _answer(name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(name)}}},
    }


def _add(responses: dict, code: int, answer: dict[str, Any]) -> None:
    """Ninja keys responses by int, JSON readers by string: one of each would be a duplicate key
    in the served JSON (Swagger UI's parser refuses it), so add only when neither is there."""
    if code not in responses and str(code) not in responses:
        responses[str(code)] = answer


def _state_bad_input(responses: dict) -> None:
    """An operation that declares its own 400 as `Error` (a service's one-sentence refusal) can still
    be refused for not matching the schema, which adds `errors`: the 400 it documents is the shape
    every 400 has. A 400 of a richer shape of its own (an import's `problems`) is left as it is."""
    for code in (400, "400"):
        answer = responses.get(code)
        content = (answer or {}).get("content", {}).get("application/json", {})
        if content.get("schema") == {"$ref": REF.format("Error")}:
            content["schema"] = {"$ref": REF.format("ValidationErrorOut")}
        if answer and answer.get("description") == "Bad Request":  # ninja's word for every 400
            answer["description"] = BAD_INPUT


def _add_component(components: dict[str, Any], model: type[Schema]) -> None:
    """The model and the models it refers to, with references into the components."""
    definition = model.model_json_schema(ref_template=REF.format("{model}"), mode="serialization")
    for name, nested in definition.pop("$defs", {}).items():
        components[name] = nested
    components[model.__name__] = definition


def _not_nullable(parameter: dict[str, Any]) -> None:
    """An optional query parameter or header is simply left out: the schema stated it as
    `anyOf [X, null]` (pydantic's `X | None`), which client generators and fuzzers read as "send
    null", and a query string has no null to send (`?unit_id=null` is the text "null", a 400). An
    empty value (`?unit_id=`) counts as left out (`json_body.JsonOnly.parse_querydict`)."""
    schema = parameter.get("schema", {})
    choices = schema.get("anyOf")
    if parameter.get("in") not in ("query", "header") or parameter.get("required") or not choices:
        return
    kept = [choice for choice in choices if choice != {"type": "null"}]
    if len(kept) == 1 and len(kept) < len(choices):
        del schema["anyOf"]
        if schema.get("default", "") is None:
            del schema["default"]
        parameter["schema"] = {**kept[0], **schema}


def add_common_errors(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", Error.model_json_schema())
    _add_component(components, ValidationErrorOut)
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for parameter in operation.get("parameters", []):
                _not_nullable(parameter)
            responses = operation.setdefault("responses", {})
            # Bad input is a 400 everywhere: a rule broken, a field missing, unknown or mistyped, or a
            # body that is not JSON. Schema problems also list each one in `errors`.
            _state_bad_input(responses)
            _add(responses, 400, _answer("ValidationErrorOut", BAD_INPUT))
            if "requestBody" in operation:
                _add(responses, 411, _answer("ValidationErrorOut", NO_LENGTH))
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                _add(responses, 415, _answer("ValidationErrorOut", WRONG_TYPE))
            if operation.get("security"):
                _add(
                    responses,
                    401,
                    _answer("Error", "Not signed in, or the token is unknown, revoked or expired."),
                )
                _add(responses, 403, _answer("Error", "The token lacks the scope this needs."))
    return schema


class SchemaNameClash(Exception):
    """Two different models would be published under one component name."""


class UniqueComponents(OpenAPISchema):
    """Ninja names each component after its model's class and lets a later model of the same name
    silently replace an earlier one, so one operation is documented with another's body or answer
    (two `MeetingIn`s once gave the campaign meeting the mentoring meeting's fields). Refuse that."""

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise SchemaNameClash(
                    f"Two different schemas are named {name!r}; give one of the models another name."
                )
        super().add_schema_definitions(definitions)


class UpstreamAPI(NinjaAPI):
    """Builds the schema once per language and prefix: building it walks every operation and model
    and took 0.19 s of a quiet worker (1 to 1.6 s under load) on every GET /api/openapi.json. A
    changed setting (a test's override) clears what was built."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built: dict[tuple[str, str], str] = {}
        setting_changed.connect(self._forget_schemas)

    def _forget_schemas(self, **_: Any) -> None:
        self._built.clear()

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (get_language() or "", path_prefix)
        if key not in self._built:
            # Kept as JSON text, in this language: each caller gets its own copy to change.
            built = name_operations(add_common_errors(UniqueComponents(self, path_prefix)), path_prefix)
            self._built[key] = json.dumps(built, cls=NinjaJSONEncoder)
        return json.loads(self._built[key])
