"""An answer's field whose values are fixed is an enum in the schema, with the values sent.

A concern's `status`, an action's `state`, a unit's `level` and others were plain strings in the
schema, so a generated client typed them `str` and could not tell a typo from a status (a
client-generation walk). Their values come from the models' choices and are unchanged on the wire.
The community answers' followed; where a value is computed (a signup's status without `cancelled`,
an ask's empty decision, a similar one's kind) the tests below get each through the API, as a value
outside the enum would be the answer's own 500.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from upstream.actions.models import Action
from upstream.api.tests.test_endpoints import auth
from upstream.community.models import (
    Campaign,
    CareerStage,
    Category,
    FormalAsk,
    Gathering,
    MentorMatch,
    MentorProfile,
    PeerRequest,
    SharedConcern,
    Story,
)
from upstream.community.tests.factories import charting_campaign, nurse, schwartz_round
from upstream.community.tests.test_similar import FLOAT, STAFFING, shared
from upstream.concerns.models import ReadRecord, Status
from upstream.concerns.tests.helpers import released
from upstream.org.models import OrgImport, RoleGroup, UnitLevel

CHOICES = {
    ("ConcernOut", "status"): Status.values,
    ("ConcernOut", "role_group"): ["", *RoleGroup.values],
    ("ConcernDetail", "status"): Status.values,
    ("ReceiptView", "status"): ["pending", *Status.values],
    ("ThreadEntry", "kind"): ["message", "event"],
    ("ActionOut", "state"): Action.State.values,
    ("ActionLinksOut", "state"): Action.State.values,
    ("BoardItem", "state"): Action.State.values,
    ("ActionDetail", "state"): Action.State.values,
    ("LinkedActionOut", "state"): Action.State.values,
    ("UnitOut", "level"): UnitLevel.values,
    ("WritableUnitOut", "level"): UnitLevel.values,
    ("ReadOut", "via"): ReadRecord.Via.values,
    ("ImportRecordOut", "via"): OrgImport.Via.values,
    ("CampaignOut", "kind"): Campaign.Kind.values,
    ("CampaignOut", "status"): Campaign.Status.values,
    ("AskOut", "status"): FormalAsk.Status.values,
    ("AskOut", "decision"): ["", *FormalAsk.Decision.values],
    ("GatheringOut", "kind"): Gathering.Kind.values,
    ("ResourceOut", "category"): Category.values,
    ("StoryOut", "status"): Story.Status.values,
    ("StorySharedOut", "status"): Story.Status.values,
    ("WaitingStoryOut", "status"): Story.Status.values,
    ("MatchOut", "status"): MentorMatch.Status.values,
    ("ProfileOut", "wants"): MentorProfile.Wants.values,
    ("ProfileOut", "career_stage"): CareerStage.values,
    ("AssignedOut", "status"): PeerRequest.Status.values,
    ("SharedSimilarOut", "kind"): ["shared", "action"],
}

# The same, or null (`anyOf` the enum and null in the schema).
OR_NULL = {
    ("GatheringOut", "my_status"): ["confirmed", "waiting"],
    ("ReporterOut", "status"): SharedConcern.Status.values,
}


@pytest.mark.parametrize(("component", "field"), sorted(CHOICES))
def test_a_field_with_fixed_values_is_an_enum_of_them(client, db, component, field):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"][component]
    prop = schema["properties"][field]
    assert prop.get("type") == "string" and prop.get("enum") == list(CHOICES[component, field])


@pytest.mark.parametrize(("component", "field"), sorted(OR_NULL))
def test_a_field_with_fixed_values_or_null_is_an_enum_of_them_or_null(client, db, component, field):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"][component]
    kinds = schema["properties"][field].get("anyOf", [])
    assert {"type": "null"} in kinds
    assert {"type": "string", "enum": list(OR_NULL[component, field])} in kinds


def test_the_values_sent_are_the_stored_ones(client, org):
    concern = released(unit=org.ward_a).concern
    headers = auth(org.leader)
    answer = client.get(f"/api/v1/concerns/{concern.pk}", **headers).json()
    assert answer["status"] == concern.status == "new"
    assert answer["role_group"] == concern.role_group
    units = {u["id"]: u["level"] for u in client.get("/api/v1/units", **headers).json()["items"]}
    assert units[org.ward_a.pk] == "unit"


def test_a_signup_is_sent_as_confirmed_waiting_or_null(client, org):
    rounds = schwartz_round(org, capacity=1)
    url = f"/api/v1/community/gatherings/{rounds.pk}"
    client.force_login(nurse(0))
    assert client.post(f"{url}/signup").json()["my_status"] == "confirmed"
    client.force_login(nurse(1))
    assert client.post(f"{url}/signup").json()["my_status"] == "waiting"
    cancelled = client.post(f"{url}/cancel")  # a cancelled signup is not sent (it is not in the enum)
    assert cancelled.status_code == 200 and cancelled.json()["my_status"] is None
    assert client.get(url).json()["my_status"] is None


def test_an_ask_s_decision_is_empty_until_answered(client, org):
    campaign = charting_campaign(
        org.reporter,
        org.ward_a,
        statement="We chart two hours after every shift because the EHR templates need forty clicks.",
        ask="Protected charting time of 30 minutes per shift and a scribe pilot on 4 West.",
    )
    client.force_login(org.reporter)
    sent = client.post(
        f"/api/v1/community/campaigns/{campaign.pk}/ask",
        {"text": "Protected charting time of 30 minutes per shift, please."},
        content_type="application/json",
    )
    assert sent.status_code == 201 and (sent.json()["status"], sent.json()["decision"]) == ("sent", "")
    client.force_login(org.leader)
    answered = client.post(
        f"/api/v1/community/campaigns/asks/{sent.json()['id']}/answer",
        {"answer": "We will pilot scribes in February.", "decision": "partly"},
        content_type="application/json",
    )
    assert (answered.json()["status"], answered.json()["decision"]) == ("answered", "partly")
    shown = client.get(f"/api/v1/community/campaigns/{campaign.pk}").json()
    assert (shown["kind"], shown["status"]) == (campaign.kind, "open")


class _SameVector:
    """Every text means the same: every candidate is similar, whatever the shipped model says."""

    def embed(self, texts):
        return [[1.0, 0.0] for _ in texts]


def test_similar_ones_are_sent_as_shared_or_action(client, org, monkeypatch):
    monkeypatch.setattr("upstream.themes.textmodel.embedders.get_embedder", lambda: _SameVector())
    shared(org, STAFFING)
    Action.objects.create(
        title="Night float nurse",
        description=FLOAT,
        scope=org.ward_a,
        state="published",
        created_at=timezone.now(),
    )
    client.force_login(org.reporter)
    found = client.post(
        "/api/v1/community/shared/similar", {"text": STAFFING}, content_type="application/json"
    )
    assert found.status_code == 200 and {row["kind"] for row in found.json()} == {"shared", "action"}
