"""The quiet help line in the API: every answer to a writer carries what the page shows under it.

The pages show the office's first two crisis lines and a link to every help line under the speak-up
form, on receipts, after a receipt reply and after a survey answer, whatever the crisis screen
decided (the screen misses some writers at risk, docs/crisis.md). An integration must be able to
show the same, so the API answers carry it too.
"""

from __future__ import annotations

import base64

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.community.models import Resource, ResourceUse
from upstream.concerns.tests.helpers import released
from upstream.lib.site_url import site_url
from upstream.speakup import keys
from upstream.speakup import services as speakup
from upstream.speakup.tests import client as blinding
from upstream.speakup.tests.helpers import obtain
from upstream.surveys import codes
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave

TEXT = "Handover on our ward runs forty minutes over every night and nobody is paid for it."


def post(client, path, body, **headers):
    return client.post(path, body, content_type="application/json", **headers)


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


@pytest.fixture
def office_lines(db):
    """Three lines the office set up: the help line names the first two, in the office's order."""
    for order, (name, phone) in enumerate(
        [("Línea de la Vida", "800 911 2000"), ("Staff Care Line", "555 0100"), ("Chaplaincy", "555 0199")]
    ):
        Resource.objects.create(
            name=name,
            phone=phone,
            description="Any time.",
            category="crisis",
            show_in_distress=True,
            order=order,
        )
    return ["Línea de la Vida", "Staff Care Line"]


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def assert_help_line(body, names):
    line = body["help_line"]
    assert [entry["name"] for entry in line["lines"]] == names
    assert line["url"] == site_url(reverse("community:resources"))


def wave_code(client, wave, username: str) -> str:
    assert client.login(username=username, password=PASSWORD)
    key = speakup.signing_key_for(codes.purpose_of(wave))
    public = keys.public_key(key)
    prepared = blinding.prepare()
    blinded, inv = blinding.blind(public, prepared)
    taken = post(
        client,
        f"/api/v1/surveys/answer/{wave.pk}/code",
        {"key_id": key.key_id, "blinded_message": base64.urlsafe_b64encode(blinded).rstrip(b"=").decode()},
    )
    assert taken.status_code == 200, taken.content
    signature = base64.urlsafe_b64decode(taken.json()["blind_signature"] + "==")
    client.logout()
    return blinding.code_of(prepared, blinding.finalize(public, signature, inv))


def test_it_handles_a_concern_submitted_with_the_office_lines(client, org, office_lines):
    sent = post(client, "/api/v1/concerns", {"text": TEXT}, **auth(org.reporter))
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["urgent"] is False and body["crisis_resources"] == []
    assert_help_line(body, office_lines)
    first = body["help_line"]["lines"][0]
    assert (first["phone"], first["tel"]) == ("800 911 2000", "tel:8009112000")


def test_it_handles_the_default_lines_when_the_office_set_up_none(client, org):
    sent = post(client, "/api/v1/concerns", {"text": TEXT}, **auth(org.reporter))
    assert_help_line(sent.json(), [str(name) for name, _ in settings.UPSTREAM_CRISIS_RESOURCES[:2]])


def test_it_handles_reading_a_receipt_and_replying(client, org, office_lines):
    done = released(unit=org.ward_a)
    view = post(client, "/api/v1/receipts/lookup", {"receipt": done.receipt})
    assert view.status_code == 200
    assert_help_line(view.json(), office_lines)
    reply = post(client, "/api/v1/receipts/reply", {"receipt": done.receipt, "text": "Any news on this one?"})
    assert reply.status_code == 201
    assert reply.json()["crisis_resources"] == []
    assert_help_line(reply.json(), office_lines)


def test_it_handles_a_concern_written_with_a_speak_up_code(client, org, office_lines):
    [code] = obtain(org.reporter)
    sent = post(client, "/api/v1/speakup/concerns", {"token": code, "text": TEXT})
    assert sent.status_code == 201, sent.content
    assert_help_line(sent.json(), office_lines)


def test_it_handles_a_survey_answer_signed_in_and_with_a_code(client, org, wave, office_lines):
    assert client.login(username="nurse3", password=PASSWORD)
    answered = post(client, f"/api/v1/surveys/answer/{wave.pk}", {"answers": {"upstream-pulse": PULSE}})
    assert answered.status_code == 202, answered.content
    assert_help_line(answered.json(), office_lines)
    client.logout()
    code = wave_code(client, wave, "nurse4")
    body = {
        "token": code,
        "unit_id": org.medicine.pk,
        "role_group": "nurse",
        "answers": {"upstream-pulse": PULSE},
    }
    with_code = Client().post(
        f"/api/v1/surveys/answer/{wave.pk}/with-code", body, content_type="application/json"
    )
    assert with_code.status_code == 202, with_code.content
    assert_help_line(with_code.json(), office_lines)


def test_the_help_line_records_nothing_about_the_writer(client, org, office_lines, caplog):
    caplog.set_level("DEBUG")
    post(client, "/api/v1/concerns", {"text": TEXT}, **auth(org.reporter))
    assert not ResourceUse.objects.exists()  # showing a line is not a use of it
    assert org.reporter.username not in caplog.text


def test_the_schema_states_the_help_line_on_every_answer_to_a_writer(client, db):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    assert set(components["HelpLineOut"]["properties"]) == {"lines", "url"}
    for name in ("Submitted", "ReceiptView", "TokenSubmittedOut", "AnsweredOut"):
        assert components[name]["properties"]["help_line"]["$ref"] == "#/components/schemas/HelpLineOut"
        assert "help_line" in components[name]["required"]
