"""A JSON body must say it is JSON: sent as text/plain or as a form's type it is a 415, and nothing
is stored. Those types cross sites without a CORS preflight, so accepting them let another site's
page post to the operations that need no sign-in through a visitor's browser
(`upstream/api/json_body.py`)."""

from __future__ import annotations

import json

import pytest

from upstream.api.tokens import create_token
from upstream.concerns.models import Concern
from upstream.intake.models import IntakeEntry


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


BODY = json.dumps({"text": "Night staffing on 4 West is too thin to take breaks safely."})


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
    ],
)
def test_a_json_body_sent_as_another_type_is_refused_with_415_and_nothing_is_filed(client, org, content_type):
    answer = client.generic("POST", "/api/v1/concerns", BODY, content_type, **auth(org.reporter))
    assert answer.status_code == 415
    assert answer["Accept"] == "application/json"
    problem = answer.json()["errors"][0]
    assert (problem["loc"], problem["type"]) == (["header", "Content-Type"], "media_type")
    assert content_type.split(";")[0] in answer.json()["detail"]
    assert not Concern.objects.exists() and not IntakeEntry.objects.exists()


def test_a_body_with_no_content_type_is_refused_and_says_so(client, org):
    answer = client.generic("POST", "/api/v1/concerns", BODY, "", **auth(org.reporter))
    assert answer.status_code == 415
    assert "no Content-Type" in answer.json()["detail"]


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_in_any_spelling_of_its_type_is_read(client, org, content_type):
    answer = client.generic("POST", "/api/v1/concerns", BODY, content_type, **auth(org.reporter))
    assert answer.status_code == 201, answer.content
    assert IntakeEntry.objects.count() == 1


def test_an_operation_without_sign_in_is_refused_the_same_way(client, org):
    # The case that matters most: another site's page could send this one with no token at all.
    body = json.dumps({"receipt": "ABCD-EFGH-JKLM-NPQR", "text": "Any news on this one?"})
    answer = client.generic("POST", "/api/v1/receipts/reply", body, "text/plain")
    assert answer.status_code == 415


def test_the_schema_documents_the_415_on_every_operation_with_a_json_body_and_only_there(client):
    schema = client.get("/api/openapi.json").json()
    with_body = without = 0
    for item in schema["paths"].values():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                with_body += 1
                assert "415" in operation["responses"]
            else:
                without += 1
                assert "415" not in operation["responses"]
    assert with_body > 20 and without > 20


def test_an_upload_is_not_asked_for_json(client, org, tmp_path):
    transcript = tmp_path / "t.txt"
    transcript.write_text("Facilitator: How was the week?\nNurse: Long.\n")
    with transcript.open("rb") as file:
        answer = client.post(
            "/api/v1/listening/reviews",
            {"title": "Nights", "file": file},
            **auth(org.leader),
        )
    assert answer.status_code != 415


@pytest.mark.parametrize("content_type", ["application/json; charset=latin-1", "application/json"])
def test_json_that_is_not_utf8_is_refused_saying_to_send_utf8_and_nothing_is_filed(client, org, content_type):
    # A Java client's default: Latin-1 bytes for "Wärme". RFC 8259 asks for UTF-8; guessing the
    # declared charset would store the text garbled whenever the declaration is wrong.
    body = '{"text": "Die W\u00e4rme im Nachtdienst fehlt, wir sind zu wenige."}'.encode("latin-1")
    answer = client.generic("POST", "/api/v1/concerns", body, content_type, **auth(org.reporter))
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert "UTF-8" in detail
    assert ("charset=latin-1" if "latin" in content_type else "no charset") in detail
    assert answer.json()["errors"][0]["loc"] == ["body"]
    assert not IntakeEntry.objects.exists()


def test_utf8_json_declared_latin1_is_still_read_when_its_bytes_are_utf8(client, org):
    # Plain ASCII and UTF-8 bodies from a client that mislabels them keep working, as before.
    body = BODY.replace("thin", "d\u00fcnn").encode("utf-8")
    answer = client.generic(
        "POST", "/api/v1/concerns", body, "application/json; charset=latin-1", **auth(org.reporter)
    )
    assert answer.status_code == 201, answer.content
