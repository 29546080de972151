"""An `Idempotency-Key` a client chose badly (a counter, a hash of the text) cannot name its writer.

Found by an anonymity audit: the spent key was a keyed hash of the account id and the client's key,
so someone holding a dump and the server's keys tried a guessed key for every account, found whose
it was, opened the answer sealed under it and read the receipt, and so the concern. The key is now
scoped by what only the caller holds: the bearer token (the server keeps its SHA-256 only).
"""

from __future__ import annotations

from django.test import Client

from upstream.api.tokens import create_token
from upstream.intake import formkeys
from upstream.intake.models import UsedFormKey
from upstream.org.models import User

GUESSABLE = "1"


def spent_digests() -> set[str]:
    return set(UsedFormKey.objects.values_list("digest", flat=True))


def assert_no_account_guess_matches(prefix: str, scope: str, spent: set[str]) -> None:
    """The guessed key, scoped by each account as the server once scoped it, is no spent key."""
    for user_id in User.objects.values_list("pk", flat=True):
        for account in (f"{scope}:{user_id}", f"{scope}:account:{user_id}"):
            guess = formkeys.for_idempotency_key(prefix, account, GUESSABLE)
            assert formkeys._digest(guess) not in spent


def test_a_guessed_key_tried_for_every_account_matches_no_spent_key(org):
    token = create_token(org.reporter)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": GUESSABLE}
    body = {"text": "Residents are kept past 28 hours on call most weeks."}
    first = Client().post("/api/v1/concerns", body, content_type="application/json", **headers)
    again = Client().post("/api/v1/concerns", body, content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"  # the same client still gets its first answer
    spent = spent_digests()
    assert len(spent) == 1
    # What the audit did: every account, the guessed key, the server's own derivation and keys.
    assert_no_account_guess_matches("api:", "api-idempotency", spent)


def test_another_token_of_the_same_account_is_another_client(org):
    """The price: a client that changes its token between a call and its retry files a second
    concern (documented in api.md)."""
    body = {"text": "Residents are kept past 28 hours on call most weeks."}
    for token in (create_token(org.reporter), create_token(org.reporter)):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": GUESSABLE}
        answer = Client().post("/api/v1/concerns", body, content_type="application/json", **headers)
        assert answer.status_code == 201 and "Idempotent-Replayed" not in answer
    assert len(spent_digests()) == 2


def test_a_peer_requests_guessed_key_tried_for_every_account_matches_no_spent_key(org):
    """A peer-support request keeps its contact, never the account: its key (added 2026-12-07) is
    scoped like a story's, by the caller's token, so the spent key cannot name who asked."""
    token = create_token(org.reporter)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": GUESSABLE}
    body = {"contact": "555-0199", "when": "after 7pm", "note": "A hard night."}
    first = Client().post("/api/v1/community/peer/requests", body, content_type="application/json", **headers)
    again = Client().post("/api/v1/community/peer/requests", body, content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 409)
    spent = spent_digests()
    assert len(spent) == 1
    assert_no_account_guess_matches("api-peer:", "api-peer-idempotency", spent)
