"""Obtaining co-sign tokens as the browser does (blind, send, unblind), through the community service."""

from __future__ import annotations

import base64

from upstream.community.services import cosigns
from upstream.speakup import keys
from upstream.speakup.models import SigningKey
from upstream.speakup.tests import client


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def blind_requests(user) -> tuple[dict[str, tuple[str, str]], dict[str, tuple]]:
    requests, pending = {}, {}
    for offer in cosigns.token_offers(user):
        public = keys.public_key(SigningKey.objects.get(key_id=offer.key_id))
        prepared = client.prepare()
        blinded, inv = client.blind(public, prepared)
        requests[offer.purpose] = (offer.key_id, b64(blinded))
        pending[offer.purpose] = (public, prepared, inv)
    return requests, pending


def finish(pending: dict[str, tuple], signatures: dict[str, str]) -> dict[str, str]:
    codes = {}
    for purpose, (public, prepared, inv) in pending.items():
        raw = base64.urlsafe_b64decode(signatures[purpose] + "=" * (-len(signatures[purpose]) % 4))
        codes[purpose] = client.code_of(prepared, client.finalize(public, raw, inv))
    return codes


def obtain_all(user) -> dict[str, str]:
    """Purpose -> token code for every shared concern the user can see."""
    requests, pending = blind_requests(user)
    return finish(pending, cosigns.issue_cosign_tokens(user, requests))
