"""A text with a least length says in the schema how it is counted: trimmed, a CRLF as one.

Schemathesis sent a deputy of `"\\r"`: one character, so the schema's `minLength: 1` and its
control-character pattern both allowed it, and the API trimmed it to nothing and refused it ("Please
fill this in."), a schema-valid request refused. A title or a concern of spaces was the same. The
pattern of such a field now states the count, so these are schema problems, and every text the
pattern allows meets the least length once trimmed.
"""

from __future__ import annotations

import random
import re

import pytest

from upstream.api.tests.test_api import auth, post
from upstream.lib.text import has_control, plain_text_pattern, trimmed


def _counted(value: str) -> int:
    return len(trimmed(value.replace("\r\n", "\n")))


@pytest.mark.parametrize("least", [0, 1, 2, 3, 10])
def test_the_pattern_allows_the_texts_the_service_counts_long_enough(least):
    pattern = plain_text_pattern(least)
    pieces = [
        "a",
        "é",
        "😀",
        " ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\u00a0",
        "\u2003",
        "\u3000",
        "\u200b",
        "\u3164",
        "\x00",
        "\x85",
    ]
    picked = random.Random(least)  # noqa: S311 - repeatable test data, not a secret
    for _ in range(3000):
        text = "".join(picked.choice(pieces) for _ in range(picked.randint(0, 14)))
        takes = not has_control(text) and _counted(text) >= least
        allowed = bool(re.fullmatch(pattern, text))
        assert takes or not allowed, repr(text)  # never schema-valid and then refused
        if "\r" not in text.replace("\r\n", ""):  # a lone CR is counted short (see the docstring)
            assert allowed == takes, repr(text)


def test_the_schema_states_it_on_request_texts_with_a_least_length(client, db):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert components["DeputyIn"]["properties"]["person"]["pattern"] == plain_text_pattern(1)
    assert components["ActionIn"]["properties"]["title"]["pattern"] == plain_text_pattern(1)
    assert components["TextIn"]["properties"]["text"]["pattern"] == plain_text_pattern(10)
    for blank in ("\r", " ", "\r\n\t", "\u00a0"):
        assert not re.fullmatch(components["DeputyIn"]["properties"]["person"]["pattern"], blank)


def test_a_blank_deputy_is_a_schema_problem(client, org):
    body = {"person": "\r", "starts_on": "2026-11-29", "ends_on": "2026-12-04"}
    response = post(client, "/api/v1/deputies", body, **auth(org.leader))
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["loc"] == ["body", "payload", "person"]
    assert problem["msg"] == "Please fill this in."


@pytest.mark.parametrize("blank", ["\u200b" * 12, "\u3164" * 12, "\u200b \ufeff" * 4])
def test_a_concern_of_invisible_characters_is_a_schema_problem_naming_the_text(client, org, blank):
    """Twelve zero-width spaces passed the schema as twelve characters; the service then refused
    them with a sentence but no field, unlike twelve spaces."""
    response = post(client, "/api/v1/concerns", {"text": blank}, **auth(org.reporter))
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["loc"] == ["body", "payload", "text"] and problem["type"] == "string_too_short"


def test_an_action_titled_in_zero_width_spaces_is_refused_not_published_empty(client, org):
    body = {
        "title": "\u200b\u200b",
        "description": "Two more nurses on nights.",
        "scope_unit_id": org.ward_a.pk,
    }
    response = post(client, "/api/v1/actions", body, **auth(org.leader))
    assert response.status_code == 400
    assert [p["loc"] for p in response.json()["errors"]] == [["body", "payload", "title"]]
    from upstream.actions.models import Action

    assert not Action.objects.exists()


def test_the_service_refuses_an_invisible_title_whoever_calls_it(org):
    from upstream.actions.services import ActionError, create_action

    with pytest.raises(ActionError):
        create_action(org.leader, title="\u200b", description="Two more nurses.", scope=org.ward_a)
