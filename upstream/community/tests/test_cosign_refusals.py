"""The page's co-sign endpoint (the script's cookieless POST) refuses with the API's status for the
same refusal, not 400 for all; and a refused co-sign token is spoken of as a co-sign, not as the
speak-up code the co-signer never had."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upstream.community.tests.cosign_helpers import blind_requests, obtain_all
from upstream.community.tests.test_cosign_language import shared_concern
from upstream.org.models import User
from upstream.speakup.models import SigningKey

release_due = pytest.importorskip("upstream.intake.services").release_due

SPENT = "You have already co-signed this concern."
EXPIRED = "This co-sign token has expired, so it cannot co-sign this concern."
NOT_VALID = "This co-sign token is not valid for this concern."


def on_page(shared_id: str, code: str, branch: int | None = None):
    body = {"shared": shared_id, "code": code, "branch": branch}
    return Client().post(reverse("community:cosign"), body, content_type="application/json")


def on_api(shared_id: str, code: str):
    url = f"/api/v1/community/shared/{shared_id}/cosign"
    return Client().post(url, {"code": code}, content_type="application/json")


def token(org) -> tuple[str, str]:
    shared = shared_concern(org)
    return str(shared.pk), obtain_all(User.objects.get(username="nurse0"))[shared.purpose]


def spent(org) -> tuple[str, str]:
    shared_id, code = token(org)
    assert on_page(shared_id, code, org.ward_a.pk).status_code == 202
    release_due(everything=True)
    return shared_id, code


def expired(org) -> tuple[str, str]:
    shared_id, code = token(org)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    SigningKey.objects.filter(purpose__startswith="cosign:").update(accept_until=yesterday)
    return shared_id, code


def forged(org) -> tuple[str, str]:
    shared_id, _ = token(org)
    return shared_id, "not-a-token"  # a code's form, but no key signed it


def misshapen(org) -> tuple[str, str]:
    shared_id, _ = token(org)
    return shared_id, "not a token!"


def unknown_concern(org) -> tuple[str, str]:
    _, code = token(org)
    return str(uuid.uuid4()), code


@pytest.mark.parametrize(
    ("make", "status", "words"),
    [
        (spent, 409, SPENT),
        (expired, 403, EXPIRED),
        (forged, 403, NOT_VALID),
        (misshapen, 400, None),
        (unknown_concern, 404, None),
    ],
    ids=["already-co-signed", "expired", "not-valid", "not-a-code-s-form", "no-such-concern"],
)
def test_it_handles_each_co_sign_refusal_with_the_api_s_status_on_the_page_too(org, make, status, words):
    shared_id, code = make(org)
    page, api = on_page(shared_id, code, org.ward_a.pk), on_api(shared_id, code)
    assert (page.status_code, api.status_code) == (status, status)
    if words is not None:
        assert page.json()["detail"] == api.json()["detail"] == words
    for answer in (page, api):
        assert "speak-up" not in answer.json()["detail"]


def test_the_page_s_token_request_is_refused_with_the_api_s_status(org):
    """Asking again with a new blinded message after the token was given is a conflict (409) on the
    page's endpoint as in the API, not a malformed request (400)."""
    shared_concern(org)
    person = Client()
    person.force_login(User.objects.get(username="nurse0"))
    requests, _ = blind_requests(User.objects.get(username="nurse0"))
    body = {"tokens": [{"purpose": p, "key_id": k, "blinded_message": m} for p, (k, m) in requests.items()]}
    page_url, api_url = reverse("community:cosign_tokens"), "/api/v1/community/shared/tokens"
    assert person.post(page_url, body, content_type="application/json").status_code == 200
    other, _ = blind_requests(User.objects.get(username="nurse1"))  # fresh messages, same purposes
    body = {"tokens": [{"purpose": p, "key_id": k, "blinded_message": m} for p, (k, m) in other.items()]}
    on_page_again = person.post(page_url, body, content_type="application/json")
    on_api_again = person.post(api_url, body, content_type="application/json")
    assert on_page_again.status_code == on_api_again.status_code == 409
    assert on_page_again.json()["detail"] == on_api_again.json()["detail"]
    assert "already have your token" in on_page_again.json()["detail"]
    malformed = person.post(page_url, {"tokens": "none"}, content_type="application/json")
    assert malformed.status_code == 400
