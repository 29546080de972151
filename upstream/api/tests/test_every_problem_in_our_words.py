"""Every schema problem the API gives, anywhere, is answered in the product's words, not pydantic's.

`plain_message` keeps pydantic's English `msg` ("Input should be a valid dictionary") for an error
type it has no words for, whatever the request's language. This walks the OpenAPI document, as
test_dates_as_text walks it for dates, and sends every operation each kind of wrong value: every
JSON type (a number, a fraction, text, true, null, a list, an object, and values of the right type
that break a bound) in each field of a JSON body, in what its lists, objects and alternatives hold,
and as the whole body; and text (not a number, a fraction, a huge number, a date that does not
exist, too long) in each query, path, header and form parameter. Every problem that comes back
must have a type with words of ours, and those words, in English and in Spanish.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.utils import translation

from upstream.api import errors
from upstream.api.errors import FIXED_WORDS, WORDS_FROM_CONTEXT, plain_message
from upstream.api.models import Scope
from upstream.api.tokens import create_token

# Each JSON type, for a field and for what its lists and objects hold.
JSON_TYPES: list[Any] = [0, 1.5, "", "x", True, None, [], {}]
# And, for a field, values of the right type that break a rule: a bound, a form, a size.
WRONG_JSON: list[Any] = [*JSON_TYPES, -1, 10**30, float("inf"), " ", "9" * 5000, [None], {"x": 1}]
WRONG_JSON += ["2026-06-10", "2026-06-10T00:00:00", "2026-06-10T10:00"]
# What a query, path, header or form parameter carries: text, always.
WRONG_TEXT = ["x", "", " ", "1.5", "-1", "0", "1e3", "inf", "9" * 5000, "2026-13-01", "2026-06-10T10:00"]
WRONG_TEXT += ["true", "x" * 300]
# A path parameter is an id (a number or a UUID) or a choice.
WRONG_IN_PATH = ["x", "1.5", "-1", "9" * 30, "2598dd11"]
# Types the walk must meet, so that it cannot pass by reaching nothing (it met these when written).
EXPECTED = {
    "missing",
    "extra_forbidden",
    "model_attributes_type",
    "dict_type",
    "list_type",
    "too_short",
    "too_long",
    "string_type",
    "string_too_short",
    "string_too_long",
    "string_pattern_mismatch",
    "int_type",
    "int_parsing",
    "int_from_float",
    "int_parsing_size",
    # Not "finite_number": Infinity in a body is not JSON (RFC 8259) and is refused before the schema.
    "greater_than_equal",
    "less_than_equal",
    "bool_type",
    "bool_parsing",
    "literal_error",
    "uuid_type",
    "uuid_parsing",
    "date_parsing",
    "date_from_datetime_parsing",
    "datetime_parsing",
    "value_error",
}
# A validator of ours raising ValueError: its sentence is translated when it is raised.
OWN_SENTENCE = {"value_error", "assertion_error"}


def _resolved(node: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[1]]
    return node


def _wrong_values(node: dict[str, Any], components: dict[str, Any], depth: int = 0) -> list[Any]:
    """Each wrong JSON value for a field, and each JSON type in what its lists and objects hold."""
    node = _resolved(node, components)
    values = list(WRONG_JSON if depth == 0 else JSON_TYPES)
    if "maxLength" in node:
        values.append("x" * (node["maxLength"] + 1))
    if depth == 2:
        return values
    for alternative in node.get("anyOf", []) + node.get("allOf", []):
        values += [v for v in _wrong_values(alternative, components, depth + 1) if v not in values]
    if isinstance(node.get("items"), dict):
        values += [[value] for value in _wrong_values(node["items"], components, depth + 1)]
    if "maxItems" in node:  # one item too many
        values += [["x"] * (node["maxItems"] + 1), [0] * (node["maxItems"] + 1)]
    properties = node.get("properties", {}).items()
    values += _json_bodies({name: _wrong_values(field, components, depth + 1) for name, field in properties})
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        values += [{"x": value} for value in _wrong_values(extra, components, depth + 1)]
    return values


def _masks_others(value: Any) -> bool:
    """True where a number goes is refused for the whole body (NumbersNotBooleans), hiding the other
    fields' problems: such a value is sent alone."""
    return value is True or (isinstance(value, list) and True in value)


def _json_bodies(fields: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Bodies that, between them, give every field each of its wrong values: the n-th body has each
    field's n-th value (a field checked on its own does not hide another's problem)."""
    bodies: list[dict[str, Any]] = []
    for n in range(max((len(values) for values in fields.values()), default=0)):
        together = {}
        for name, values in fields.items():
            if n < len(values):
                if _masks_others(values[n]):
                    bodies.append({name: values[n]})
                else:
                    together[name] = values[n]
        bodies.append(together)
    return bodies


def _url(path: str, operation: dict[str, Any], wrong: dict[str, str] | None = None, query=None) -> str:
    """The path with each parameter filled in, a plausible value or the wrong one given."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            uuid = parameter["schema"].get("format") == "uuid"
            plausible = "2598dd11-4b8e-4c8e-9d55-1c3f0e7a6b21" if uuid else "1"
            name = parameter["name"]
            path = path.replace(f"{{{name}}}", (wrong or {}).get(name, plausible))
    return f"{path}?{urlencode(query)}" if query else path


def _requests(schema: dict[str, Any]):
    """(method, url, keyword arguments for the test client) for each wrong request, everywhere."""
    components = schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                name, where = parameter["name"], parameter["in"]
                for text in WRONG_IN_PATH if where == "path" else WRONG_TEXT:
                    if where == "query":
                        yield method, _url(path, operation, query={name: text}), {}
                    elif where == "path":
                        yield method, _url(path, operation, {name: text}), {}
                    elif where == "header":
                        header = "HTTP_" + name.upper().replace("-", "_")
                        yield (
                            method,
                            _url(path, operation),
                            {header: text, "content_type": "application/json"},
                        )
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                body = _resolved(content["schema"], components)
                url = _url(path, operation)
                if media == "application/json":
                    fields = {
                        name: _wrong_values(field, components) for name, field in body["properties"].items()
                    }
                    for value in [*JSON_TYPES, {"colour": "red"}, *_json_bodies(fields)]:
                        yield method, url, {"data": json.dumps(value), "content_type": media}
                else:  # a form: text in each field, files included
                    for text in WRONG_TEXT:
                        yield method, url, {"data": {name: text for name in body["properties"]}}


@pytest.fixture
def seen(monkeypatch) -> list[tuple[dict[str, Any], str]]:
    """Each pydantic error the API answered with, and the `msg` it gave for it."""
    found: list[tuple[dict[str, Any], str]] = []

    def recording(error: dict[str, Any]) -> str:
        message = plain_message(error)
        found.append((error, message))
        return message

    monkeypatch.setattr(errors, "plain_message", recording)
    return found


def test_every_wrong_value_anywhere_in_the_api_is_answered_in_the_products_words(client, org, seen):
    token = create_token(org.leader, scopes=list(Scope.values))
    schema = client.get("/api/openapi.json").json()
    answered = set()  # every `msg` a client read
    for method, url, arguments in _requests(schema):
        response = getattr(client, method)(url, HTTP_AUTHORIZATION=f"Bearer {token}", **arguments)
        assert response.status_code < 500, (method, url, arguments)
        if response.status_code == 400:
            answered |= {problem["msg"] for problem in response.json().get("errors", [])}

    kinds = {error["type"] for error, _ in seen}
    assert kinds >= EXPECTED, EXPECTED - kinds
    pydantics = {}  # type: the first place it was answered with pydantic's words
    for error, message in seen:
        if error["type"] not in FIXED_WORDS | WORDS_FROM_CONTEXT or message == error["msg"]:
            pydantics.setdefault(error["type"], (error["loc"], error["msg"], error.get("ctx")))
    assert pydantics == {}
    assert not answered & {error["msg"] for error, _ in seen}

    one_of_each = {error["type"]: error for error, _ in seen if error["type"] not in OWN_SENTENCE}
    for kind, error in one_of_each.items():
        english = plain_message(error)
        with translation.override("es"):
            assert plain_message(error) != english, kind
