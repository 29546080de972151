"""Every `pattern` in the schema has words for a text that misses it, never the regular expression.

An integrator sending `{"primary": "x y"}` to a concern's themes read "Please use only the characters
this allows (the pattern ^[-a-zA-Z0-9_]+$)", where docs/api.md promises words for what the pattern
stands for. Texts with a minimum length are trimmed and counted by the API before their pattern
matters, so their patterns (`plain_text_pattern`) need no words of their own.
"""

from __future__ import annotations

from upstream.api.tests.test_api import auth
from upstream.lib.patterns import words_for
from upstream.lib.text import plain_text_pattern


def _patterns(node, found):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        if "pattern" in node:
            found.append((node["pattern"], node.get("minLength", 0)))
        for value in node.values():
            _patterns(value, found)
    elif isinstance(node, list):
        for value in node:
            _patterns(value, found)
    return found


def test_every_pattern_in_the_schema_has_words(client, db):
    schema = client.get("/api/openapi.json").json()
    patterns = _patterns(schema, [])
    assert len(patterns) > 20
    wordless = {p for p, least in patterns if words_for(p) is None and p != plain_text_pattern(least)}
    assert wordless == set()


def test_a_key_with_a_space_is_refused_in_words(client, org):
    response = client.get("/api/v1/inbox", {"theme": "a b"}, **auth(org.leader))
    assert response.status_code == 400
    said = response.json()["errors"][0]["msg"]
    assert said == "Please write the key as it is listed: letters without accents, digits, - and _ only."
