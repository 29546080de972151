"""An answer's field whose values are fixed is an enum in the schema, with the values sent.

A concern's `status`, an action's `state`, a unit's `level` and others were plain strings in the
schema, so a generated client typed them `str` and could not tell a typo from a status (a
client-generation walk). Their values come from the models' choices and are unchanged on the wire.
"""

from __future__ import annotations

import pytest

from upstream.actions.models import Action
from upstream.api.tests.test_endpoints import auth
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
}


@pytest.mark.parametrize(("component", "field"), sorted(CHOICES))
def test_a_field_with_fixed_values_is_an_enum_of_them(client, db, component, field):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"][component]
    prop = schema["properties"][field]
    assert prop.get("type") == "string" and prop.get("enum") == list(CHOICES[component, field])


def test_the_values_sent_are_the_stored_ones(client, org):
    concern = released(unit=org.ward_a).concern
    headers = auth(org.leader)
    answer = client.get(f"/api/v1/concerns/{concern.pk}", **headers).json()
    assert answer["status"] == concern.status == "new"
    assert answer["role_group"] == concern.role_group
    units = {u["id"]: u["level"] for u in client.get("/api/v1/units", **headers).json()["items"]}
    assert units[org.ward_a.pk] == "unit"
