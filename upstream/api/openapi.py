"""The API object, with the error answers every operation can give stated once, in the schema.

Every operation may answer 400 (bad input: a rule broken, the request not matching the schema, or a
body that is not JSON); every operation that needs
sign-in may answer 401 (no valid session or token: unknown, revoked or expired) and 403 (the token
lacks the scope). Rather than repeat these on each decorator, they are added to the schema here, in
the one shape the exception handlers in `upstream/api/urls.py` produce.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from upstream.api.schemas import Error, ValidationErrorOut

REF = "#/components/schemas/{}"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


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


def add_common_errors(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", Error.model_json_schema())
    components["ValidationErrorOut"] = ValidationErrorOut.model_json_schema()
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            # Bad input is a 400 everywhere: a rule broken, a field missing, unknown or mistyped, or a
            # body that is not JSON. Schema problems also list each one in `errors`.
            _add(responses, 400, _answer("ValidationErrorOut", "Bad input: the detail says what to fix."))
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
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return add_common_errors(UniqueComponents(self, path_prefix))
