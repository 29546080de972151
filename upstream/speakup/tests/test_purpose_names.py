"""A purpose names its wave one way only: `wave:4`, never `wave:04`.

A schema-driven fuzzer asked any signed-in account for GET /api/v1/speakup/keys/wave:04: the pattern
took the leading zero and the wave's check read the id as a number, so a second signing key was made
and published for "wave:04", beside wave 4's own, for a purpose no code is ever checked against. Such
a name is refused as a purpose that does not exist, and no key is made for it.
"""

from __future__ import annotations

import pytest
from django.test import Client

from upstream.org.models import User
from upstream.speakup import services
from upstream.speakup.models import SigningKey
from upstream.surveys.tests.helpers import office_of, open_wave


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def test_a_wave_s_id_with_a_leading_zero_is_no_purpose_and_makes_no_key(client, org, wave):
    client.force_login(User.objects.get(username="nurse3"))
    padded = f"wave:0{wave.pk}"
    for asked in (
        client.get(f"/api/v1/speakup/keys/{padded}"),
        client.get(f"/api/v1/speakup/allowance?purpose={padded}"),
        client.post(
            "/api/v1/speakup/issue",
            {"purpose": padded, "key_id": "0" * 64, "blinded_messages": ["AQ"]},
            content_type="application/json",
        ),
    ):
        assert asked.status_code == 400, asked.content
        (problem,) = asked.json()["errors"]
        assert problem["type"] == "string_pattern_mismatch" and problem["loc"][-1] == "purpose"
        assert problem["msg"] == "Unknown purpose: give concern, wave:<id> or cosign:<id>."
    assert client.get("/api/v1/speakup/keys/wave:0").status_code == 400  # no wave has id 0
    assert not SigningKey.objects.exists()
    # The wave's own name still gets its key, and the public list shows that one only.
    assert client.get(f"/api/v1/speakup/keys/wave:{wave.pk}").status_code == 200
    listed = Client().get("/api/v1/speakup/keys").json()
    assert [k["purpose"] for k in listed] == [f"wave:{wave.pk}"]


def test_the_service_makes_no_key_nor_token_for_a_padded_wave_name(org, wave):
    padded = f"wave:0{wave.pk}"
    with pytest.raises(services.NotFound):
        services.published_key_for(padded)
    with pytest.raises(services.NotEligible):
        services.issue_tokens(User.objects.get(username="nurse3"), padded, [b"\x01"], "0" * 64)
    assert not SigningKey.objects.exists()


def test_the_explainer_names_a_co_sign_key_in_words_not_by_its_id():
    # "Co-signing shared concern 1764f915ceee4a75885204e19ad597ec" on a staff page (a new-user walk).
    from upstream.speakup.purposes import purpose_label

    label = purpose_label("cosign:1764f915ceee4a75885204e19ad597ec")
    assert label == "Co-signing a shared concern" and "1764" not in label
