"""A request for tokens whose answer was lost (the page left while it waited) can be sent again.

The browser keeps its blinded messages until the answer arrives; sending the very same ones again
returns the same signatures, so the person gets back the tokens they were given, and nothing more.
"""

from __future__ import annotations

import pytest

from upstream.speakup import services
from upstream.speakup.models import Allowance
from upstream.speakup.tests import client as browser
from upstream.speakup.tests.helpers import blind_for


def _blinded(count: int = 1):
    return blind_for("concern", count)


def _codes(public, pending, issued) -> list[str]:
    return [
        browser.code_of(prepared, browser.finalize(public, signature, inv))
        for (prepared, _, inv), signature in zip(pending, issued.blind_signatures, strict=True)
    ]


def test_the_same_request_sent_again_gives_the_same_tokens_and_counts_once(org):
    key, public, pending = _blinded(2)
    blinded = [b for _, b, _ in pending]
    first = services.issue_tokens(org.reporter, "concern", blinded, key.key_id)
    again = services.issue_tokens(org.reporter, "concern", blinded, key.key_id)
    assert again.blind_signatures == first.blind_signatures
    assert _codes(public, pending, again) == _codes(public, pending, first)
    assert Allowance.objects.get(user=org.reporter).issued == 2
    assert again.remaining == first.remaining
    # The token got the second time is the one got the first: it works once, as any token.
    code = _codes(public, pending, again)[0]
    services.redeem_token("concern", code)
    with pytest.raises(services.TokenSpent):
        services.redeem_token("concern", code)


def test_a_request_sent_again_with_one_new_message_counts_only_the_new_one(org):
    key, _public, pending = _blinded(2)
    services.issue_tokens(org.reporter, "concern", [pending[0][1]], key.key_id)
    services.issue_tokens(org.reporter, "concern", [pending[0][1], pending[1][1]], key.key_id)
    assert Allowance.objects.get(user=org.reporter).issued == 2


def test_sending_again_still_refuses_what_the_allowance_does_not_cover(org):
    rule = services.rule_for("concern")
    key, _public, pending = _blinded(rule.per_period + 1)
    blinded = [b for _, b, _ in pending]
    services.issue_tokens(org.reporter, "concern", blinded[: rule.per_period], key.key_id)
    with pytest.raises(services.LimitReached):
        services.issue_tokens(org.reporter, "concern", blinded[1:], key.key_id)
    assert Allowance.objects.get(user=org.reporter).issued == rule.per_period


def test_another_person_sending_someone_s_blinded_message_gets_a_new_count_not_theirs(org):
    key, _public, pending = _blinded(1)
    services.issue_tokens(org.reporter, "concern", [pending[0][1]], key.key_id)
    services.issue_tokens(org.leader, "concern", [pending[0][1]], key.key_id)
    assert Allowance.objects.get(user=org.leader).issued == 1


def test_again_only_refuses_a_message_never_signed(org):
    key, _public, pending = _blinded(2)
    services.issue_tokens(org.reporter, "concern", [pending[0][1]], key.key_id)
    services.issue_tokens(org.reporter, "concern", [pending[0][1]], key.key_id, again_only=True)
    with pytest.raises(services.NotSignedBefore):
        services.issue_tokens(org.reporter, "concern", [pending[1][1]], key.key_id, again_only=True)
    assert Allowance.objects.get(user=org.reporter).issued == 1
