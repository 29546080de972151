"""The office's resources through the API: a change keeps what it does not name, a retried add adds
one, a number's rule is in the schema, and only a link the resource has is counted as tapped."""

from __future__ import annotations

import json

import pytest

from upstream.community.models import Category, Resource, ResourceUse
from upstream.community.services.resources import DIALABLE, dialable_problem
from upstream.community.tests.factories import make_office

pytestmark = pytest.mark.django_db

RESOURCES = "/api/v1/community/resources"


def _json(client, method: str, path: str, body: dict, **headers):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def office_client(client, org):
    make_office(org.reporter)
    client.force_login(org.reporter)
    return client


def test_a_change_keeps_the_fields_it_leaves_out(office_client):
    hidden = Resource.objects.create(
        name="Quiet room",
        category=Category.OTHER,
        description="Fifth floor.",
        phone="412-555-0100",
        keywords="sleep nap",
        order=5,
        active=False,
        country="US",
    )
    body = {"name": "Quiet room", "category": "other", "description": "Fifth floor, now open all night."}
    answer = _json(office_client, "put", f"{RESOURCES}/{hidden.pk}", body)
    assert answer.status_code == 200
    hidden.refresh_from_db()
    assert hidden.description == "Fifth floor, now open all night."
    assert (hidden.phone, hidden.keywords, hidden.order, hidden.active, hidden.country) == (
        "412-555-0100",
        "sleep nap",
        5,
        False,
        "US",
    )
    shown = _json(office_client, "put", f"{RESOURCES}/{hidden.pk}", {**body, "active": True, "phone": ""})
    hidden.refresh_from_db()
    assert shown.status_code == 200 and hidden.active and hidden.phone == ""


def test_an_add_sent_twice_with_one_idempotency_key_adds_one(office_client):
    body = {"name": "Chaplaincy", "category": "other", "description": "Any hour, any faith."}
    first = _json(office_client, "post", RESOURCES, body, HTTP_IDEMPOTENCY_KEY="add-chaplaincy")
    again = _json(office_client, "post", RESOURCES, body, HTTP_IDEMPOTENCY_KEY="add-chaplaincy")
    assert (first.status_code, again.status_code) == (201, 409)
    assert Resource.objects.filter(name="Chaplaincy").count() == 1
    other = _json(office_client, "post", RESOURCES, body, HTTP_IDEMPOTENCY_KEY="another")
    assert other.status_code == 201 and Resource.objects.filter(name="Chaplaincy").count() == 2


def test_the_number_rule_is_the_schemas_pattern_and_the_services(office_client, client):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["ResourceIn"]
    assert schema["properties"]["phone"]["pattern"] == DIALABLE
    pasted = "1\u2011888\u2011409\u20110141"  # non-breaking hyphens, as web pages print numbers
    for number in ("988", "+1 (800) 273-8255", "116 123", "*555#", "  ", "", pasted, "116\u00a0123"):
        assert dialable_problem(number) == "", number
    for number in ("1-800-HELP", "phone", "٣٣٣", "1+2"):
        assert dialable_problem(number), number
        body = {"name": "Line", "category": "crisis", "description": "A line.", "phone": number}
        refused = _json(office_client, "post", RESOURCES, body)
        assert refused.status_code == 400 and "digits only" in refused.json()["detail"], number
    assert not Resource.objects.filter(name="Line").exists()
    body = {"name": "Physician line", "category": "crisis", "description": "A line.", "phone": pasted}
    assert (
        _json(office_client, "post", RESOURCES, body).status_code == 201
    )  # the pattern, as pydantic reads it
    assert Resource.objects.get(name="Physician line").tel_href == "tel:18884090141"


def test_a_tap_is_counted_only_for_a_link_the_resource_has(client):
    chaplaincy = Resource.objects.create(
        name="Chaplaincy", category=Category.OTHER, description="Any hour.", phone="555-0150"
    )
    uses = f"{RESOURCES}/{chaplaincy.pk}/uses"
    assert _json(client, "post", uses, {"kind": "call"}).status_code == 204
    for kind in ("text", "open"):
        refused = _json(client, "post", uses, {"kind": kind})
        assert refused.status_code == 400 and "no link for that use" in refused.json()["detail"]
        assert client.post(f"/community/resources/{chaplaincy.pk}/used/{kind}").status_code == 404
    assert list(ResourceUse.objects.values_list("kind", "count")) == [("call", 1)]


def test_a_name_is_kept_on_one_line_and_a_web_address_must_name_a_site(office_client):
    # API fuzzing stored "c\n\n\n\n\n" as a name, then shown in every reporter's help line, and
    # "https://ĄêĚ🏻", which opens nothing.
    body = {
        "category": "counselling",
        "name": "Staff\n\n\ncounselling\n",
        "description": "Free and confidential.",
    }
    made = _json(office_client, "post", RESOURCES, {**body, "hours": "Mon-Fri\n9-5"})
    assert made.status_code == 201, made.content
    saved = Resource.objects.get(pk=made.json()["id"])
    assert saved.name == "Staff counselling" and saved.hours == "Mon-Fri 9-5"
    refused = _json(office_client, "post", RESOURCES, {**body, "url": "https://ĄêĚ🏻"})
    assert refused.status_code == 400 and "site's name" in refused.json()["detail"]
    for url in ("https://intranet/eap", "https://988lifeline.org/es/", "http://10.1.2.3/help"):
        assert _json(office_client, "post", RESOURCES, {**body, "url": url}).status_code == 201, url
