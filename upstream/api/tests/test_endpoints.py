"""The API offers what the pages offer: units, the board, similar concerns, merging, theme
corrections, listening sessions; and it never lets an outsider tell "missing" from "not yours"."""

from __future__ import annotations

import hashlib
import json

from upstream.api.tokens import create_token
from upstream.concerns.models import Concern
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry
from upstream.themes.models import Theme


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


def post(client, path, body, **headers):
    return client.post(path, body, content_type="application/json", **headers)


def test_it_lists_the_units_a_person_may_report_to_and_lead(client, org):
    staff = client.get("/api/v1/units", **auth(org.reporter)).json()
    ids = {u["id"]: u for u in staff["items"]}
    assert staff["total"] == len(ids) and org.ward_a.pk in ids and org.system.pk in ids
    assert org.other_hospital.pk not in ids
    assert ids[org.ward_a.pk]["reportable"] and not ids[org.ward_a.pk]["led"]
    assert ids[org.ward_a.pk]["parent_id"] == org.medicine.pk
    chair = client.get("/api/v1/units?limit=2", **auth(org.chair)).json()
    assert chair["total"] == 3 and len(chair["items"]) == 2 and chair["next_offset"] == 2
    outsider = auth(org.outsider)
    assert client.get(f"/api/v1/units/{org.ward_a.pk}", **outsider).status_code == 404
    assert client.get("/api/v1/units/999999", **outsider).status_code == 404


def test_it_warns_before_reporting_from_a_small_group(client, org):
    headers = auth(org.reporter)
    small = client.get(f"/api/v1/units/group-check?unit_id={org.ward_a.pk}&role_group=pharmacist", **headers)
    assert small.status_code == 200
    body = small.json()
    assert body["large_enough"] is False and body["broader_unit_id"] == org.ward_a.pk
    assert body["broader_role_group"] == ""
    nurses = client.get(f"/api/v1/units/group-check?unit_id={org.ward_a.pk}&role_group=nurse", **headers)
    assert nurses.json()["large_enough"] is True
    mine = {r["key"] for r in client.get("/api/v1/role-groups", **headers).json() if r["mine"]}
    assert mine == {"nurse", "pharmacist"}
    # The role groups are fixed: the schema lists them, and another is the schema's 400 (it was a 404).
    unknown = client.get(f"/api/v1/units/group-check?unit_id={org.ward_a.pk}&role_group=wizard", **headers)
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["type"] == "literal_error"
    schema = client.get("/api/openapi.json").json()
    params = schema["paths"]["/api/v1/units/group-check"]["get"]["parameters"]
    assert "nurse" in next(p for p in params if p["name"] == "role_group")["schema"]["enum"]


def test_an_idempotency_key_never_files_a_concern_twice(client, org):
    headers = {**auth(org.reporter), "HTTP_IDEMPOTENCY_KEY": "retry-7f3a"}
    body = {"text": "The lifts are broken again on the east side."}
    first = post(client, "/api/v1/concerns", body, **headers)
    again = post(client, "/api/v1/concerns", body, **headers)
    other_words = post(client, "/api/v1/concerns", {"text": "The lifts are fixed now."}, **headers)
    assert first.status_code == 201
    assert again.status_code == 201 and again.json() == first.json()  # its first answer, again
    assert other_words.status_code == 409 and "already sent" in other_words.json()["detail"]
    assert IntakeEntry.objects.count() == 1
    # The same key from someone else is their own key, not a repeat.
    other = {**auth(org.outsider), "HTTP_IDEMPOTENCY_KEY": "retry-7f3a"}
    assert post(client, "/api/v1/concerns", body, **other).status_code == 201
    # What is kept names neither the account nor the key.
    from upstream.intake.models import UsedFormKey

    stored = " ".join(UsedFormKey.objects.values_list("digest", flat=True))
    assert "retry-7f3a" not in stored and str(org.reporter.pk) not in stored.split()
    assert hashlib.sha256(b"retry-7f3a").hexdigest() not in stored


def test_a_leader_corrects_themes_finds_similar_and_merges(client, org):
    headers = auth(org.leader)
    one = released(unit=org.ward_a, text="We are short two nurses every night shift on 4 West.").concern
    two = released(unit=org.ward_a, text="Night shifts on 4 West are two nurses short again.").concern
    theme = Theme.objects.filter(active=True).first()
    corrected = post(client, f"/api/v1/concerns/{one.pk}/themes", {"primary": theme.key}, **headers)
    assert corrected.status_code == 200 and corrected.json()["themes"][0]["key"] == theme.key
    # Theme keys live in the database: an unknown one is a 404; one that cannot be a key is a 400.
    bad = post(client, f"/api/v1/concerns/{one.pk}/themes", {"primary": "no-such-theme"}, **headers)
    assert bad.status_code == 404 and "Unknown theme" in bad.json()["detail"]
    for key in ("", "two words"):
        malformed = post(client, f"/api/v1/concerns/{one.pk}/themes", {"primary": key}, **headers)
        assert malformed.status_code == 400 and malformed.json()["errors"][0]["loc"][-1] == "primary"
    similar = client.get(f"/api/v1/concerns/{one.pk}/similar", **headers)
    assert similar.status_code == 200
    merged = post(client, f"/api/v1/concerns/{one.pk}/merge", {"concern_ids": [str(two.pk)]}, **headers)
    assert merged.status_code == 200 and merged.json()["merged"] == 1
    assert Concern.objects.get(pk=two.pk).merged_into_id == one.pk
    outsider = auth(org.other_leader)
    assert client.get(f"/api/v1/concerns/{one.pk}/similar", **outsider).status_code == 404
    refused = post(client, f"/api/v1/concerns/{one.pk}/merge", {"concern_ids": [str(two.pk)]}, **outsider)
    assert refused.status_code == 404


def test_the_board_and_an_action_are_readable(client, org):
    headers = auth(org.leader)
    created = post(
        client,
        "/api/v1/actions",
        {
            "title": "Float pool for nights",
            "description": "Two float nurses on nights.",
            "scope_unit_id": org.ward_a.pk,
        },
        **headers,
    ).json()
    assert client.get(f"/api/v1/actions/{created['id']}", **headers).json()["state"] == "draft"
    assert client.get("/api/v1/board", **auth(org.reporter)).json()["total"] == 0
    post(client, f"/api/v1/actions/{created['id']}/publish", {}, **headers)
    board = client.get("/api/v1/board", **auth(org.reporter)).json()
    assert board["total"] == 1 and board["items"][0]["title"] == "Float pool for nights"
    assert client.get(f"/api/v1/actions/{created['id']}", **auth(org.other_leader)).status_code == 404


def test_listening_sessions_are_for_their_leaders_only(client, org):
    listing = client.get("/api/v1/listening", **auth(org.leader))
    assert listing.status_code == 200 and listing.json()["total"] == 0
    assert client.get("/api/v1/listening/1", **auth(org.outsider)).status_code == 404


def test_the_schema_states_errors_limits_and_moves(client, db):
    schema = client.get("/api/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "400" in operation["responses"], (method, path)
            if operation.get("security"):
                assert "401" in operation["responses"], (method, path)
    text = schema["components"]["schemas"]["ConcernIn"]["properties"]["text"]
    assert (text["minLength"], text["maxLength"]) == (10, 5000)
    status = schema["components"]["schemas"]["StatusIn"]["properties"]["status"]
    assert "closed -> in_progress" in status["description"] and "closed" in status["enum"]
    submit = schema["paths"]["/api/v1/concerns"]["post"]
    assert "409" in submit["responses"]
    assert any(p["name"] == "Idempotency-Key" for p in submit["parameters"])


def test_the_served_schema_has_no_duplicate_keys(client, db):
    """Swagger UI's parser refuses a JSON object with a key twice (ninja's int 400 beside "400")."""

    def refuse_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys: {sorted(k for k in keys if keys.count(k) > 1)}"
        return dict(pairs)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=refuse_duplicates)


def test_the_inbox_filters_refuse_what_they_do_not_know(client, org):
    params = {
        p["name"]: p["schema"]
        for p in client.get("/api/openapi.json").json()["paths"]["/api/v1/inbox"]["get"]["parameters"]
    }
    assert "pattern" in str(params["theme"])
    assert "'open'" in str(params["status"]) and "'acknowledged'" in str(params["status"])
    refused = client.get("/api/v1/inbox?status=bogus", **auth(org.leader))
    assert refused.status_code == 400 and "status" in refused.json()["detail"]
    assert "'open'" in refused.json()["detail"]  # the message names what is accepted
    assert client.get("/api/v1/inbox?status=open", **auth(org.leader)).status_code == 200
    unknown = client.get("/api/v1/inbox?theme=no-such-theme", **auth(org.leader))
    assert unknown.status_code == 404 and "Unknown theme" in unknown.json()["detail"]
    assert client.get("/api/v1/inbox?theme=a%20b", **auth(org.leader)).status_code == 400
    assert client.get("/api/v1/inbox?theme=", **auth(org.leader)).status_code == 200
