"""POST /api/v1/concerns asks what /speak/ asks before sending: a unit and role too few people
share, or a text that seems to name someone. The API filed both at once (an integrator's walk); now
it answers 400 saying which, stores nothing, and sends with `confirmed: true`."""

from __future__ import annotations

from upstream.api.tests.test_api import auth, post
from upstream.intake.models import IntakeEntry

CALM = "The pharmacy closes at six and night orders wait until the morning round."
NAMED = "Dr Okafor shouts at the new residents on every morning round in front of patients."


def test_a_group_too_small_to_hide_in_is_asked_about_first(client, org):
    headers = auth(org.reporter)
    body = {"text": CALM, "unit_id": org.ward_b.pk, "role_group": "pharmacist"}  # the only one there
    asked = post(client, "/api/v1/concerns", body, **headers)
    assert asked.status_code == 400
    assert "Fewer than 5 people share this unit and role" in asked.json()["detail"]
    assert "confirmed=true" in asked.json()["detail"]
    assert IntakeEntry.objects.count() == 0
    sent = post(client, "/api/v1/concerns", {**body, "confirmed": True}, **headers)
    assert sent.status_code == 201 and IntakeEntry.objects.count() == 1


def test_a_name_in_the_text_is_asked_about_first(client, org):
    headers = auth(org.reporter)
    asked = post(client, "/api/v1/concerns", {"text": NAMED}, **headers)
    assert asked.status_code == 400
    assert "Your text seems to name someone (Dr Okafor)" in asked.json()["detail"]
    assert IntakeEntry.objects.count() == 0
    assert post(client, "/api/v1/concerns", {"text": NAMED, "confirmed": True}, **headers).status_code == 201


def test_nothing_is_asked_of_a_concern_that_needs_no_question(client, org):
    answer = post(client, "/api/v1/concerns", {"text": CALM, "unit_id": org.ward_a.pk}, **auth(org.reporter))
    assert answer.status_code == 201
