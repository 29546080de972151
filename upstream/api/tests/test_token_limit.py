"""The 51st active token is refused with 409, as the state's rule it is (Schemathesis found it a 400
for a schema-valid body, against the API's own rule: 409 when the current state does not allow it)."""

from __future__ import annotations

from upstream.api.models import ApiToken
from upstream.api.tokens import MAX_TOKENS, issue_token


def test_a_token_beyond_the_limit_is_a_409_that_the_schema_lists_and_nothing_is_made(client, org):
    _row, admin = issue_token(org.leader, "admin", scopes=["admin-tokens"])
    for n in range(MAX_TOKENS - 1):
        issue_token(org.leader, f"t{n}")
    answer = client.post(
        "/api/v1/tokens",
        {"name": "one more", "scopes": ["admin-tokens"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {admin}",
    )
    assert answer.status_code == 409, answer.content
    assert answer.json() == {"detail": f"You have {MAX_TOKENS} active tokens; revoke one first."}
    assert ApiToken.objects.filter(user=org.leader).count() == MAX_TOKENS
    schema = client.get("/api/openapi.json").json()
    assert "409" in schema["paths"]["/api/v1/tokens"]["post"]["responses"]


def test_the_page_still_refuses_it_with_its_words(client, org):
    for n in range(MAX_TOKENS):
        issue_token(org.leader, f"t{n}")
    client.force_login(org.leader)
    page = client.post("/api-tokens/", {"name": "one more", "scopes": ["read"]})
    assert page.status_code == 400
    assert f"You have {MAX_TOKENS} active tokens; revoke one first." in page.content.decode()
    assert ApiToken.objects.filter(user=org.leader).count() == MAX_TOKENS
