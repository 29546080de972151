"""A co-sign names the unit it counts for: the concern's scope or a unit within it, or none.

A schema-driven fuzzer co-signed with `"branch_unit_id": 99999`: the API answered 202, the token was
queued, and the unit was dropped at the release without a word, so the co-sign counted for no unit
and the token could not be sent again with the right one. A unit that does not exist, or lies
outside the concern's scope, is refused now as a speak-up concern's unknown unit is (404, the same
sentence), before anything is queued: the same token then co-signs with the right unit.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from upstream.community.models import Cosign, SharedConcern
from upstream.community.services import cosigns
from upstream.community.tests.cosign_helpers import obtain_all
from upstream.concerns.services import submit_concern
from upstream.intake.tests.placeholders import real_entries
from upstream.org.models import User

release_due = pytest.importorskip("upstream.intake.services").release_due

UNKNOWN_UNIT = "Choose a unit from the list, or leave it out."


@pytest.fixture
def shared(org) -> SharedConcern:
    """A concern shared with the whole of medicine: its wards are within its scope."""
    receipt = submit_concern(
        text="Medicine runs its wards a nurse short on every night shift.", unit=org.medicine
    )
    release_due(everything=True)
    cosigns.offer_for_cosigning(receipt.receipt)
    release_due(everything=True)
    offered = cosigns.offers_for_leader(org.chair).get()
    return cosigns.approve_shared(org.chair, offered, offered.concern.text)


def on_api(shared_id, code: str, branch):
    url = f"/api/v1/community/shared/{shared_id}/cosign"
    return Client().post(url, {"code": code, "branch_unit_id": branch}, content_type="application/json")


def on_page(shared_id, code: str, branch):
    body = {"shared": str(shared_id), "code": code, "branch": branch}
    return Client().post(reverse("community:cosign"), body, content_type="application/json")


def outside(org) -> list[int]:
    """No such unit, a unit beside the scope, and the unit above it."""
    return [99999, org.other_hospital.pk, org.hospital.pk]


@pytest.mark.parametrize("send", [on_api, on_page], ids=["api", "page"])
def test_a_unit_outside_the_scope_is_refused_and_the_token_then_co_signs_with_the_right_one(
    org, shared, send
):
    code = obtain_all(User.objects.get(username="nurse0"))[shared.purpose]
    for branch in outside(org):
        refused = send(shared.pk, code, branch)
        assert (refused.status_code, refused.json()["detail"]) == (404, UNKNOWN_UNIT), branch
    assert not real_entries()  # nothing queued: the token is not spent
    assert send(shared.pk, code, org.ward_b.pk).status_code == 202
    release_due(everything=True)
    assert [(c.shared_id, c.branch) for c in Cosign.objects.all()] == [(shared.pk, org.ward_b)]


def test_the_scope_itself_or_no_unit_still_co_signs(org, shared):
    first = obtain_all(User.objects.get(username="nurse0"))[shared.purpose]
    second = obtain_all(User.objects.get(username="nurse1"))[shared.purpose]
    assert on_api(shared.pk, first, org.medicine.pk).status_code == 202
    assert on_api(shared.pk, second, None).status_code == 202
    release_due(everything=True)
    assert sorted(str(c.branch) for c in Cosign.objects.all()) == ["Medicine", "None"]


def test_the_page_s_endpoint_refuses_a_unit_id_no_database_holds(org, shared):
    code = obtain_all(User.objects.get(username="nurse0"))[shared.purpose]
    for branch in (2**63, -3):
        refused = on_page(shared.pk, code, branch)
        assert (refused.status_code, refused.json()["detail"]) == (404, UNKNOWN_UNIT), branch
    assert on_page(shared.pk, code, org.ward_a.pk).status_code == 202


def test_a_token_that_is_not_valid_is_refused_before_the_unit_is_looked_at(org, shared):
    refused = on_api(shared.pk, "not-a-token", 99999)
    assert refused.status_code == 403  # the unit tells someone without a token nothing


def test_the_schema_lists_the_unknown_unit_among_the_co_sign_s_404s(client, db):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/v1/community/shared/{shared_id}/cosign"]
    assert "branch_unit_id" in operation["post"]["description"]
    assert "404" in operation["post"]["responses"]
