"""Recording a listening session through the API: upload, review the names, confirm. As on the page,
nothing is stored before confirmation and the names chosen never are."""

from __future__ import annotations

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from upstream.api.tests.test_endpoints import auth
from upstream.api.tokens import create_token
from upstream.listening import services
from upstream.listening.models import ListeningSession, SessionKind, Turn
from upstream.listening.tests.test_transcripts import EXAMPLE
from upstream.listening.tests.test_upload import TRANSCRIPT

REVIEWS = "/api/v1/listening/reviews"
SESSIONS = "/api/v1/listening"


def _form(org, **extra):
    return {
        "title": "Residents, spring",
        "kind": "focus_group",
        "held_on": "2026-03-10",
        "scope_id": str(org.ward_a.pk),
        "guide_used": "true",
        "text": TRANSCRIPT,
        **extra,
    }


def _counts() -> tuple[int, int]:
    return ListeningSession.objects.count(), Turn.objects.count()


def _review(client, org, headers, **extra):
    return client.post(REVIEWS, _form(org, **extra), **headers)


def _confirm(client, headers, body):
    return client.post(SESSIONS, body, content_type="application/json", **headers)


def test_it_handles_an_upload_by_listing_names_and_storing_nothing(client, org):
    response = _review(client, org, auth(org.leader))
    assert response.status_code == 200
    body = response.json()
    assert {"Hartwell", "Maria"} <= set(body["names"])
    assert body["turn_count"] == len(body["turns"]) == 4
    assert body["scope"] == "4 West" and body["guide_used"] is True
    assert body["turns"][2]["names"] == ["Hartwell"] and body["turns"][3]["label"] == "Maria"
    assert _counts() == (0, 0)


def test_it_handles_confirm_by_redacting_every_name_found_by_default(client, org):
    headers = auth(org.leader)
    review = _review(client, org, headers).json()["review"]
    response = _confirm(client, headers, {"review": review})
    assert response.status_code == 201
    session = ListeningSession.objects.get()
    assert (
        response.json()["id"] == session.pk and response.json()["speakers"] == 3
    )  # the facilitator is not counted
    assert (session.scope, session.created_by, session.guide_used) == (org.ward_a, org.leader, True)
    stored = " ".join(Turn.objects.values_list("text", flat=True))
    labels = set(Turn.objects.values_list("speaker_label", flat=True))
    assert "Hartwell" not in stored and "Maria" not in labels and "[name]" in stored


def test_unticked_names_are_kept_and_extra_names_are_redacted(client, org):
    headers = auth(org.leader)
    review = _review(client, org, headers).json()["review"]
    body = {"review": review, "redact": ["Hartwell"], "extra_names": ["rounds", "x"]}
    assert _confirm(client, headers, body).status_code == 201
    stored = " ".join(Turn.objects.values_list("text", flat=True))
    assert "Maria" in set(Turn.objects.values_list("speaker_label", flat=True))
    assert "Hartwell" not in stored and "After [name]" in stored and "rounds" not in stored


def test_a_vtt_file_is_read_like_on_the_page(client, org):
    upload = SimpleUploadedFile("focus-group.vtt", EXAMPLE.read_bytes(), content_type="text/vtt")
    response = _review(client, org, auth(org.leader), text="", file=upload)
    assert response.status_code == 200 and "Hartwell" in response.json()["names"]
    assert response.json()["turn_count"] == 22
    assert _counts() == (0, 0)


def test_bad_uploads_get_400_with_the_pages_message_and_nothing_is_stored(client, org):
    headers = auth(org.leader)
    cases = [
        ({"text": "Welcome everyone.\nNurse: hi"}, "line 1: a turn must start with the speaker's role"),
        ({"text": ""}, "Add a transcript"),
        ({"text": "", "file": SimpleUploadedFile("t.docx", b"Nurse: hi")}, "Upload a .txt or .vtt file"),
        ({"text": "", "file": SimpleUploadedFile("t.txt", b"\xff\xfeN")}, "not UTF-8"),
        ({"file": SimpleUploadedFile("t.txt", b"Nurse: hi there")}, "not both"),
        ({"held_on": "2999-01-01"}, "cannot be in the future"),
        ({"kind": "party"}, "Please choose one of: 'focus_group', 'town_hall'."),
        ({"title": " "}, "Please fill this in."),
    ]
    for extra, message in cases:
        response = _review(client, org, headers, **extra)
        assert response.status_code == 400, extra
        body = response.json()
        assert message in body["detail"] and body["errors"], (extra, body)
    assert _counts() == (0, 0)


def test_a_unit_the_leader_does_not_lead_is_a_404_in_plain_words(client, org):
    """Not Django's "Select a valid choice.", which tells an integration nothing it can fix; and a
    404, as any unit that is not yours is (it was a 400 among the form's problems)."""
    for language, message in [
        ("en", "Please choose a unit you lead, or one below it."),
        ("es", "Elija una unidad que usted dirige, o una que dependa de ella."),
    ]:
        headers = {**auth(org.leader), "HTTP_ACCEPT_LANGUAGE": language}
        for scope_id in (org.ward_b.pk, 987654):
            response = _review(client, org, headers, scope_id=str(scope_id))
            assert (response.status_code, response.json()["detail"]) == (404, message)
    assert _counts() == (0, 0)


def test_a_transcript_larger_than_2_mb_is_refused(client, org):
    big = SimpleUploadedFile("t.txt", b"Nurse: " + b"word " * 450_000)
    response = _review(client, org, auth(org.leader), text="", file=big)
    assert response.status_code == 400 and "larger than 2 MB" in response.json()["detail"]


def test_a_changed_expired_or_someone_elses_review_is_refused_and_nothing_stored(client, org):
    headers = auth(org.leader)
    review = _review(client, org, headers).json()["review"]
    tampered = review[:10] + ("A" if review[10] != "A" else "B") + review[11:]
    # Of a review's form, but its signature does not hold for this leader: no review of theirs, a
    # 404 (it was a 400, which Schemathesis reported as a schema-valid request refused).
    response = _confirm(client, headers, {"review": tampered})
    assert response.status_code == 404 and "could not be verified" in response.json()["detail"]
    chair = _confirm(client, auth(org.chair), {"review": review})
    assert chair.status_code == 404 and "started by someone else" in chair.json()["detail"]
    # Not a review's form at all: the schema's pattern refuses it, in the same words.
    for garbage in ("", "not a review"):
        refused = _confirm(client, headers, {"review": garbage})
        assert refused.status_code == 400 and refused.json()["errors"][0]["loc"][-1] == "review"
    assert "could not be verified" in refused.json()["errors"][0]["msg"]
    assert _counts() == (0, 0)


def test_a_name_to_redact_must_be_one_the_review_found(client, org):
    headers = auth(org.leader)
    review = _review(client, org, headers).json()["review"]
    response = _confirm(client, headers, {"review": review, "redact": ["Nobody"]})
    assert response.status_code == 400 and "extra_names" in response.json()["detail"]
    # Where the schema's own problems put a body field (docs/api.md): after "payload".
    assert [error["loc"] for error in response.json()["errors"]] == [["body", "payload", "redact"]]
    response = _confirm(client, headers, {"review": review, "redact": [], "surprise": 1})
    assert response.status_code == 400 and response.json()["errors"]
    assert _counts() == (0, 0)


def test_staff_who_lead_no_unit_get_404_and_outsiders_cannot_read_the_session(client, org):
    staff = auth(org.reporter)
    assert _review(client, org, staff).status_code == 404
    review = _review(client, org, auth(org.leader)).json()["review"]
    assert _confirm(client, staff, {"review": review}).status_code == 404
    assert _counts() == (0, 0)
    _confirm(client, auth(org.leader), {"review": review})
    session = ListeningSession.objects.get()
    assert client.get(f"{SESSIONS}/{session.pk}", **auth(org.other_leader)).status_code == 404
    assert client.get(f"{SESSIONS}/{session.pk}", **auth(org.chair)).status_code == 200


def test_a_read_only_token_cannot_upload_or_confirm(client, org):
    read_only = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader, scopes=['read'])}"}
    response = _review(client, org, read_only)
    assert response.status_code == 403 and "write" in response.json()["detail"]
    review = _review(client, org, auth(org.leader)).json()["review"]
    assert _confirm(client, read_only, {"review": review}).status_code == 403
    assert _counts() == (0, 0)


def test_the_schema_offers_every_kind_of_session(client):
    schema = client.get("/api/openapi.json").json()
    form = schema["paths"][REVIEWS]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["kind"]["enum"] == list(SessionKind.values)
    assert form["properties"]["text"]["maxLength"] == 2 * 1024 * 1024


def test_a_transcript_file_holding_a_nul_character_is_refused(client, org):
    upload = SimpleUploadedFile("t.txt", b"Nurse: we are short \x00 tonight, again and again")
    headers = auth(org.leader)
    response = _review(client, org, headers, text="", file=upload)
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert _counts() == (0, 0)


def test_an_extra_name_longer_than_100_characters_gets_400(client, org):
    headers = auth(org.leader)
    review = _review(client, org, headers).json()["review"]
    response = _confirm(client, headers, {"review": review, "extra_names": ["x" * 101]})
    assert response.status_code == 400 and response.json()["errors"][0]["loc"][-2:] == ["extra_names", 0]
    assert _counts() == (0, 0)


def test_a_retried_confirm_stores_nothing_new_and_answers_200_with_the_same_session(client, org):
    headers = auth(org.leader)
    review = _review(client, org, headers).json()["review"]
    first = _confirm(client, headers, {"review": review})
    counts = _counts()
    again = _confirm(client, headers, {"review": review})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert _counts() == counts


def test_of_two_confirms_at_once_only_the_one_that_stored_the_session_answers_201(client, org):
    """The other confirm stores the session while this one codes the turns (found by sending three at
    once: each answered 201, though only one had stored it)."""
    headers = auth(org.leader)
    review = _review(client, org, headers).json()["review"]
    real_codes = services._codes
    answers: list = []

    def the_other_confirm_finishes_first(turns):
        if not answers:
            answers.append(None)  # the other confirm codes its turns as it should
            answers[0] = _confirm(client, headers, {"review": review})
        return real_codes(turns)

    with mock.patch.object(services, "_codes", the_other_confirm_finishes_first):
        this = _confirm(client, headers, {"review": review})
    [other] = answers
    assert (other.status_code, this.status_code) == (201, 200)
    assert this.json()["id"] == other.json()["id"] == ListeningSession.objects.get().pk
