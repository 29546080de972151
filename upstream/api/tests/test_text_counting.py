"""The API counts text as its schema states it: `maxLength` as sent, the least length trimmed.

docs/api.md promised "10 to 5,000 characters after trimming", but the schema checked the length
before trimming, and counted CRLF as two while the pages count it as one (as the browser's
maxlength does). A 5,000-character concern sent with a trailing newline, or with Windows line
breaks, was refused by the API though the page would take it.

That was fixed by trimming, and turning each CRLF into one line feed, before every limit. Then the
server took texts the schema calls too long: a schema-driven fuzzer's text one character over
`maxLength`, with a CRLF in it, was accepted (Schemathesis, negative data). A JSON Schema counts a
text as sent, so the longest a text may be is now counted as sent, on the API (and as the browser
counts it on the pages, where a text box's line break is one character but is sent as two: see
upstream/community/tests/test_recognition.py). The least length is still counted trimmed, a CRLF
as one, and the schema's pattern states that.
"""

from __future__ import annotations

import jsonschema

from upstream.actions import services as actions
from upstream.api.tests.test_api import auth, post
from upstream.concerns.models import Concern
from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due

LINE = "We float to units we were never trained for, every week"  # 55 characters
# 5,000 characters as sent, in 50 lines that end with a Windows line break: 4,950 as the pages count it.
AT_THE_LIMIT = ("x" * 98 + "\r\n") * 50


def validator(client, name: str) -> jsonschema.Draft202012Validator:
    schema = client.get("/api/openapi.json").json()
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": schema["components"]}
    )


def test_a_concern_at_its_max_length_as_sent_with_windows_line_breaks_is_taken_and_stored_plain(client, org):
    assert len(AT_THE_LIMIT) == 5000
    response = post(client, "/api/v1/concerns", {"text": AT_THE_LIMIT}, **auth(org.reporter))
    assert response.status_code == 201, response.json()
    release_due(everything=True)
    assert Concern.objects.get().text == AT_THE_LIMIT.replace("\r\n", "\n").strip()


def test_a_concern_over_its_max_length_as_sent_is_refused_though_shorter_trimmed(client, org):
    for text in (AT_THE_LIMIT + "x", "x" * 5000 + " ", ("x" * 4999) + ".\r\n"):
        response = post(client, "/api/v1/concerns", {"text": text}, **auth(org.reporter))
        assert response.status_code == 400, len(text)
        [problem] = response.json()["errors"]
        assert (problem["loc"], problem["type"], problem["ctx"]) == (
            ["body", "payload", "text"],
            "string_too_long",
            {"max_length": 5000},
        )
    assert not IntakeEntry.objects.exists()


def test_the_server_takes_a_concern_exactly_when_the_schema_allows_it(client, org):
    schema = validator(client, "ConcernIn")
    for text in (
        AT_THE_LIMIT,
        AT_THE_LIMIT + "x",
        AT_THE_LIMIT[:-2] + "  ",
        AT_THE_LIMIT[:-2] + "\r\n ",
        "\r\n".join([LINE] * 89),  # 4,983 as the page counts, 5,071 as sent
        "Ten chars.\r\n",
    ):
        taken = post(client, "/api/v1/concerns", {"text": text}, **auth(org.reporter)).status_code == 201
        assert taken == schema.is_valid({"text": text}), (len(text), taken)


def test_a_text_of_nine_characters_and_spaces_is_refused_by_the_schema_as_too_short(client, org):
    response = post(client, "/api/v1/concerns", {"text": "Too short    "}, **auth(org.reporter))
    assert response.status_code == 400
    assert "at least 10 characters" in response.json()["detail"]


def test_an_action_update_and_a_campaign_count_the_same_way(client, org):
    action = actions.create_action(
        org.leader, title="Break cover", description="A float nurse.", scope=org.ward_a
    )
    url = f"/api/v1/actions/{action.pk}/updates"
    response = post(client, url, {"text": AT_THE_LIMIT}, **auth(org.leader))
    assert response.status_code in (200, 201), response.json()
    assert post(client, url, {"text": AT_THE_LIMIT + "x"}, **auth(org.leader)).status_code == 400
    body = {
        "title": "  Night pharmacist  ",
        "kind": "inside",
        "statement": AT_THE_LIMIT[:4000],  # 4,000 as sent, 3,960 as the page counts
        "ask": "Fund a second pharmacist.",
        "scope_unit_id": org.ward_a.pk,
    }
    over = post(
        client,
        "/api/v1/community/campaigns",
        {**body, "statement": AT_THE_LIMIT[:4001]},
        **auth(org.reporter),
    )
    assert over.status_code == 400 and over.json()["errors"][0]["type"] == "string_too_long"
    response = post(client, "/api/v1/community/campaigns", body, **auth(org.reporter))
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "Night pharmacist"
