"""API tokens: scopes, expiry and revocation, on the page and through the API; using one writes nothing."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upstream.api.models import ApiToken
from upstream.api.tokens import issue_token, revoke_token


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_it_refuses_an_expired_or_revoked_token_with_401(client, org):
    _row, expiring = issue_token(org.leader, "short", expires_in_days=1)
    revoked_row, revoked = issue_token(org.leader, "gone")
    assert client.get("/api/v1/role-groups", **bearer(expiring)).status_code == 200
    revoke_token(org.leader, revoked_row.pk)
    assert client.get("/api/v1/role-groups", **bearer(revoked)).status_code == 401
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        response = client.get("/api/v1/role-groups", **bearer(expiring))
    assert response.status_code == 401 and "token" in response.json()["detail"]


def test_it_limits_a_token_to_its_scopes(client, org):
    _row, read_only = issue_token(org.reporter, "dashboard", scopes=["read"])
    assert client.get("/api/v1/units", **bearer(read_only)).status_code == 200
    write = client.post(
        "/api/v1/concerns",
        {"text": "The lifts are broken again on the east side."},
        content_type="application/json",
        **bearer(read_only),
    )
    assert write.status_code == 403 and "'write'" in write.json()["detail"]
    listing = client.get("/api/v1/tokens", **bearer(read_only))
    assert listing.status_code == 403 and "admin-tokens" in listing.json()["detail"]


def test_using_a_token_writes_nothing(client, org):
    row, plain = issue_token(org.reporter, "script")
    before = ApiToken.objects.values().get(pk=row.pk)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/role-groups", **bearer(plain)).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert ApiToken.objects.values().get(pk=row.pk) == before


def test_the_api_lists_creates_and_revokes_only_your_own_tokens(client, org):
    _row, admin = issue_token(org.leader, "admin", scopes=["read", "admin-tokens"])
    created = client.post(
        "/api/v1/tokens",
        {"name": "HR feed", "scopes": ["read"], "expires_in_days": 30},
        content_type="application/json",
        **bearer(admin),
    )
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("ups_") and body["scopes"] == ["read"] and body["state"] == "active"
    assert client.get("/api/v1/units", **bearer(body["token"])).status_code == 200
    listing = client.get("/api/v1/tokens?limit=1", **bearer(admin)).json()
    assert listing["total"] == 2 and len(listing["items"]) == 1 and listing["next_offset"] == 1
    assert "token" not in listing["items"][0]  # the value is never shown again
    other_row, _other = issue_token(org.other_leader, "theirs")
    assert client.delete(f"/api/v1/tokens/{other_row.pk}", **bearer(admin)).status_code == 404
    revoked = client.delete(f"/api/v1/tokens/{body['id']}", **bearer(admin))
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert client.get("/api/v1/units", **bearer(body["token"])).status_code == 401
    too_long = client.post(
        "/api/v1/tokens", {"expires_in_days": 400}, content_type="application/json", **bearer(admin)
    )
    assert too_long.status_code == 400


def test_a_token_cannot_give_a_new_token_more_than_it_holds(client, org):
    _row, admin = issue_token(org.leader, "tokens only", scopes=["admin-tokens"])
    for scopes in (["read"], ["write"], ["admin-tokens", "write"]):
        refused = client.post(
            "/api/v1/tokens", {"scopes": scopes}, content_type="application/json", **bearer(admin)
        )
        assert refused.status_code == 403 and "lacks" in refused.json()["detail"], scopes
    assert ApiToken.objects.filter(user=org.leader).count() == 1
    same = client.post(
        "/api/v1/tokens", {"scopes": ["admin-tokens"]}, content_type="application/json", **bearer(admin)
    )
    assert same.status_code == 201
    client.force_login(org.leader)  # signed in, the owner may choose any scope
    browser = client.post("/api/v1/tokens", {"scopes": ["read", "write"]}, content_type="application/json")
    assert browser.status_code == 201 and browser.json()["scopes"] == ["read", "write"]


def test_a_token_cannot_give_a_new_token_a_longer_life_than_its_own(client, org):
    """Found by fuzzing: a token expiring tomorrow minted an admin-tokens token that never expires."""
    row, admin = issue_token(org.leader, "a day", scopes=["admin-tokens"], expires_in_days=1)
    for asked in (None, 90, 1):
        made = client.post(
            "/api/v1/tokens",
            {"scopes": ["admin-tokens"], "expires_in_days": asked},
            content_type="application/json",
            **bearer(admin),
        )
        assert made.status_code == 201
        assert dt.datetime.fromisoformat(made.json()["expires_at"]) <= row.expires_at, asked
    _row, lasting = issue_token(org.leader, "never", scopes=["admin-tokens"])
    free = client.post(
        "/api/v1/tokens",
        {"scopes": ["admin-tokens"], "expires_in_days": None},
        **bearer(lasting),
        content_type="application/json",
    )
    assert free.status_code == 201 and free.json()["expires_at"] is None


def test_the_page_shows_a_new_token_once_and_revokes_it(client, org):
    client.force_login(org.leader)
    page = client.post(
        reverse("api_tokens:list"),
        {"name": "Nightly export", "scopes": ["read"], "expires_in_days": "30"},
    )
    assert page.status_code == 200
    row = ApiToken.objects.get(user=org.leader)
    plain = page.context["created"]
    assert plain.startswith("ups_") and plain in page.content.decode()
    again = client.get(reverse("api_tokens:list")).content.decode()
    assert plain not in again and "Nightly export" in again and "Active" in again
    assert row.scopes == ["read"] and row.expires_at is not None
    client.post(reverse("api_tokens:revoke", args=[row.pk]))
    assert "Revoked" in client.get(reverse("api_tokens:list")).content.decode()
    client.logout()
    assert client.get("/api/v1/units", **bearer(plain)).status_code == 401


def test_unnamed_tokens_can_be_told_apart_in_the_list(client, org):
    """Four tokens made with no name were four rows of "—" (a walk): the name is marked optional
    and each unnamed token is listed by its number, the one its Revoke button names."""
    first, _plain = issue_token(org.leader, "")
    second, _plain = issue_token(org.leader, "")
    client.force_login(org.leader)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "What it is for (optional)" in page
    for row in (first, second):
        assert f"Token {row.pk}, unnamed" in page and f'aria-label="Revoke token {row.pk}"' in page
    # The state and Revoke come right after the name: at phone width the last columns were out of sight.
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert head.index(">For<") < head.index(">State<") < head.index(">Revoke<") < head.index(">Scopes<")


def test_the_page_reads_in_spanish_down_to_the_expiry_hint(client, org):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(org.leader)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "Como máximo 366 días, o nunca." in page and "At most 366 days" not in page


def test_the_list_names_each_token_s_scopes_in_the_reader_s_language(client, org):
    issue_token(org.leader, "nightly export", scopes=["read", "write"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(org.leader)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "<td>Lectura, Escritura</td>" in page
    assert "<td>read, write</td>" not in page


def test_the_page_refuses_anothers_token_and_a_scopeless_one(client, org):
    theirs, _plain = issue_token(org.other_leader, "theirs")
    client.force_login(org.leader)
    assert client.post(reverse("api_tokens:revoke", args=[theirs.pk])).status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    empty = client.post(reverse("api_tokens:list"), {"name": "x", "expires_in_days": "30"})
    assert empty.status_code == 400 and not ApiToken.objects.filter(user=org.leader).exists()


def test_the_command_issues_a_scoped_expiring_token(org, capsys):
    from django.core.management import call_command

    call_command("create_token", "leader_a", "--name", "feed", "--scopes", "read", "--days", "7")
    plain = capsys.readouterr().out.strip()
    row = ApiToken.objects.get(user=org.leader)
    assert plain.startswith("ups_") and row.scopes == ["read"] and row.expires_at is not None


def test_the_scopes_are_a_group_named_by_its_legend(client, org):
    """A label's "for" pointed at no field: a screen reader read the boxes without their question."""
    client.force_login(org.leader)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "<legend>What it may do</legend>" in page and 'for=""' not in page


def test_the_create_form_sent_twice_makes_one_token_and_says_so(client, org):
    """A double click (or Back and send again) made two live tokens and showed only the second: the
    first worked, and nobody had ever seen it. The form's one-time key makes the second sending say
    so and make nothing."""
    import re

    client.force_login(org.leader)
    page = client.get(reverse("api_tokens:list")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page)
    assert key, "no one-time key on the form"
    data = {"name": "Nightly export", "scopes": ["read"], "expires_in_days": "30", "form_key": key.group(1)}
    first = client.post(reverse("api_tokens:list"), data)
    assert first.status_code == 200 and first.context["created"].startswith("ups_")
    again = client.post(reverse("api_tokens:list"), data, follow=True)
    said = again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("api_tokens:list")
    assert "This was already sent. Nothing was sent twice." in said and "Your new token" not in said
    assert "revoke it below and create another" in said
    assert ApiToken.objects.filter(user=org.leader).count() == 1


def test_no_scope_ticked_says_to_tick_one(client, org):
    client.force_login(org.leader)
    empty = client.post(reverse("api_tokens:list"), {"name": "x", "expires_in_days": "30"})
    page = empty.content.decode()
    assert empty.status_code == 400 and "Tick at least one scope: what this token may do." in page
    assert "Please choose one of the options in the list." not in page
    api = client.post("/api/v1/tokens", {"scopes": []}, content_type="application/json")
    assert api.status_code == 400 and api.json()["errors"][0]["loc"][-1] == "scopes"
    assert not ApiToken.objects.filter(user=org.leader).exists()


def test_a_retried_create_with_the_same_idempotency_key_makes_one_token_and_says_how_to_recover(client, org):
    _row, admin = issue_token(org.leader, "admin", scopes=["read", "admin-tokens"])
    body = {"name": "HR feed", "scopes": ["read"]}
    headers = {**bearer(admin), "HTTP_IDEMPOTENCY_KEY": "0d5c2a4e-retry"}
    first = client.post("/api/v1/tokens", body, content_type="application/json", **headers)
    again = client.post("/api/v1/tokens", body, content_type="application/json", **headers)
    assert first.status_code == 201 and again.status_code == 409
    assert "revoke your newest token" in again.json()["detail"]
    assert ApiToken.objects.filter(user=org.leader, name="HR feed").count() == 1
    # Another key, or none, is another token, as before.
    other = client.post(
        "/api/v1/tokens", body, content_type="application/json", **bearer(admin), HTTP_IDEMPOTENCY_KEY="other"
    )
    assert other.status_code == 201
    assert (
        client.post("/api/v1/tokens", body, content_type="application/json", **bearer(admin)).status_code
        == 201
    )
    assert ApiToken.objects.filter(user=org.leader, name="HR feed").count() == 3
