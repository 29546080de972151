"""A NUL character in an address is a clear 400, never a 500 (PostgreSQL refuses it in a query):
the API's in its documented shape, a page's as the site's "could not understand" page."""

from __future__ import annotations

import pytest

from upstream.api.tokens import create_token
from upstream.concerns.tests.helpers import released


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/inbox?theme=a%00",  # filtered on without a check: a 500 on PostgreSQL
        "/api/v1/inbox?status=open&theme=%00",
        "/api/v1/community/resources?country=G%00",
        "/api/v1/units/group-check?unit_id=1&role_group=nurse%00",
        "/api/v1/inbox?the%00me=staffing",
    ],
)
def test_it_handles_a_null_character_in_the_query_with_a_clear_400(client, org, address):
    released(unit=org.ward_a)
    answer = client.get(address, **auth(org.leader))
    assert answer.status_code == 400
    body = answer.json()
    assert "null character" in body["detail"]
    assert body["errors"][0]["loc"][0] == "query" and body["errors"][0]["type"] == "null_character"


def test_it_handles_a_null_character_in_the_path_and_leaves_other_addresses_alone(client, org):
    refused = client.get("/api/v1/speakup/keys/concern%00", **auth(org.leader))
    assert refused.status_code == 400 and refused.json()["errors"][0]["loc"] == ["path"]
    assert refused.json()["detail"].startswith("The address contains a null character")
    # `loc` is the same in every language; only the words change.
    spanish = client.get("/api/v1/speakup/keys/concern%00", HTTP_ACCEPT_LANGUAGE="es", **auth(org.leader))
    assert spanish.json()["errors"][0]["loc"] == ["path"] and "The address" not in spanish.json()["detail"]
    assert client.get("/api/v1/inbox?theme=", **auth(org.leader)).status_code == 200
    assert client.get("/api/v1/community/resources?q=a%01b").status_code == 400  # the search's own rule
    assert client.get("/healthz?x=").status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/inbox/?theme=a%00",  # filtered on without a check: a 500 on PostgreSQL
        "/inbox/?status=open&unit=%00",
        "/community/thanks/?unit=1%00",
        "/community/resources/?q=ward%00",
        "/inbox/?the%00me=staffing",
        "/inbox%00/",
    ],
)
def test_it_handles_a_null_character_in_a_pages_address_with_the_bad_request_page(client, org, address):
    released(unit=org.ward_a)
    client.force_login(org.leader)
    answer = client.get(address, HTTP_ACCEPT_LANGUAGE="es")
    assert answer.status_code == 400
    assert "No pudimos entender esa solicitud" in answer.content.decode()
    assert client.get("/inbox/?theme=").status_code == 200
