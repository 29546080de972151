"""A body Django will not read is the API's JSON 400, not the site's HTML page.

Found by fuzzing: a JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE (a 1-million-character text, escaped)
and an upload whose file name is over 1,000 characters were answered with Django's HTML "Bad
request" page, which no client of the API can read, though every API error is documented as JSON.
"""

from __future__ import annotations

import json

from django.test import override_settings

from upstream.api.tokens import create_token
from upstream.concerns.models import Concern
from upstream.intake.models import IntakeEntry


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100_000)
def test_it_handles_a_body_too_large_to_read_with_the_documented_json_400(client, org):
    body = json.dumps({"text": "Night staffing on 4 West is too thin. " * 3_000})
    answer = client.post("/api/v1/concerns", body, content_type="application/json", **auth(org.reporter))
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("application/json")
    problem = answer.json()["errors"][0]
    assert (problem["loc"], problem["type"]) == (["body"], "body_too_large")
    assert "0.1 MB" in answer.json()["detail"]
    assert not Concern.objects.exists() and not IntakeEntry.objects.exists()


def test_it_handles_an_upload_it_cannot_parse_with_the_documented_json_400(client, org):
    # Built by hand: the test client's uploads cut a file name to 255 characters.
    name = "t" * 5_000 + ".txt"
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\nNights\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="file"; filename="' + name.encode() + b'"\r\n'
        b"Content-Type: text/plain\r\n\r\nFacilitator: How was the week?\r\n--XX--\r\n"
    )
    answer = client.generic(
        "POST", "/api/v1/listening/reviews", body, "multipart/form-data; boundary=XX", **auth(org.leader)
    )
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("application/json")
    problem = answer.json()["errors"][0]
    assert (problem["loc"], problem["type"]) == (["body"], "body_unreadable")
