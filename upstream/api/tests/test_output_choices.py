"""An answer's field whose values are fixed is an enum in the schema, with the values sent.

A concern's `status`, an action's `state`, a unit's `level` and others were plain strings in the
schema, so a generated client typed them `str` and could not tell a typo from a status (a
client-generation walk). Their values come from the models' choices and are unchanged on the wire.
The community, survey, listening and insights answers' followed; where a value is computed (a
signup's status without `cancelled`, an ask's empty decision, a similar one's kind, a results row's
kind and role group, a turn's role, a broader or chosen role group) the tests below get each through
the API, as a value outside the enum would be the answer's own 500.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
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
from upstream.listening.models import SessionKind
from upstream.org.models import OrgImport, RoleGroup, UnitLevel
from upstream.surveys.models import Status as WaveStatus
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses

ROLE_GROUP_OR_NONE = ["", *RoleGroup.values]

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
    ("WaveOut", "status"): WaveStatus.values,
    ("CreatedWaveOut", "status"): WaveStatus.values,
    ("SurveyRowOut", "kind"): ["organisation", "unit", "role"],
    ("SessionOut", "kind"): SessionKind.values,
    ("SessionDetail", "kind"): SessionKind.values,
    ("TurnPreview", "role"): [*RoleGroup.values, "facilitator"],
    ("DashboardOut", "role_group"): ROLE_GROUP_OR_NONE,
}

# The same, or null (`anyOf` the enum and null in the schema).
OR_NULL = {
    ("GatheringOut", "my_status"): ["confirmed", "waiting"],
    ("ReporterOut", "status"): SharedConcern.Status.values,
    ("SurveyRowOut", "role_group"): ROLE_GROUP_OR_NONE,
    ("GroupCheckOut", "broader_role_group"): ROLE_GROUP_OR_NONE,
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


def test_results_rows_are_sent_with_their_kind_and_role_group(client, org):
    wave = open_wave(org, office_of(org), units=[org.medicine])
    add_responses(wave, org.ward_a, "nurse", 7)
    add_responses(wave, org.ward_a, "", 6)  # answers stored without a role group
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        client.force_login(org.chair)
        body = client.get(f"/api/v1/surveys/waves/{wave.pk}/results")
    assert body.status_code == 200
    rows = body.json()["rows"]
    assert {r["kind"] for r in rows} == {"organisation", "unit", "role"}
    assert {r["role_group"] for r in rows if r["kind"] == "role"} == {"nurse", ""}
    assert {r["role_group"] for r in rows if r["kind"] != "role"} == {None}
    assert body.json()["wave"]["status"] == "scheduled"


def test_a_transcript_s_turns_are_sent_with_a_role_group_or_facilitator(client, org):
    text = (
        "Facilitator: Welcome, and thank you for coming today.\n"
        "Nurse 2: We are two short on nights most weeks.\n"
        "Visitor: The lifts are slow on the east side.\n"
    )
    form = {
        "title": "Nights",
        "kind": "town_hall",
        "held_on": "2026-03-10",
        "scope_id": str(org.ward_a.pk),
        "guide_used": "false",
        "text": text,
    }
    review = client.post("/api/v1/listening/reviews", form, **auth(org.leader))
    assert review.status_code == 200, review.content
    assert [t["role"] for t in review.json()["turns"]] == ["facilitator", "nurse", "other"]
    saved = client.post(
        "/api/v1/listening",
        {"review": review.json()["review"]},
        content_type="application/json",
        **auth(org.leader),
    )
    assert saved.status_code == 201 and saved.json()["kind"] == "town_hall"


def test_a_broader_role_group_is_sent_as_given_empty_or_null(client, org):
    headers = auth(org.reporter)
    url = "/api/v1/units/group-check"

    def broader(unit, role):
        answer = client.get(url, {"unit_id": unit.pk, "role_group": role}, **headers)
        assert answer.status_code == 200
        return answer.json()["broader_unit_id"], answer.json()["broader_role_group"]

    assert broader(org.ward_b, "nurse") == (org.medicine.pk, "nurse")  # 4 West's nurses count above
    assert broader(org.ward_a, "pharmacist") == (org.ward_a.pk, "")
    assert broader(org.ward_a, "nurse") == (None, None)


def test_a_dashboard_s_role_group_is_sent_empty_for_everyone(client, org):
    headers = auth(org.chair)
    everyone = client.get("/api/v1/insights/dashboard", **headers)
    nurses = client.get("/api/v1/insights/dashboard", {"role": "nurse"}, **headers)
    assert everyone.status_code == nurses.status_code == 200
    assert (everyone.json()["role_group"], nurses.json()["role_group"]) == ("", "nurse")
