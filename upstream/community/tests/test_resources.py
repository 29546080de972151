from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from upstream.community.models import Category, Resource, ResourceUse
from upstream.community.services import crisis_resources
from upstream.community.services.resources import count_use, search_resources
from upstream.community.tests.factories import crisis_line, make_office


@pytest.fixture
def directory(db):
    crisis_line()
    crisis_line(name="Samaritans", country="GB", phone="116 123", sms_number="", description="Call 116 123.")
    Resource.objects.create(
        name="Crisis Text Line",
        category=Category.CRISIS,
        description="Text HOME to 741741.",
        country="US",
        sms_number="741741",
        sms_body="HOME",
        show_in_distress=True,
        order=2,
    )
    Resource.objects.create(
        name="Riverbend Peer Support",
        category=Category.PEER_SUPPORT,
        description="Trained colleagues, outside your unit, within a day.",
        keywords="second victim peer",
        phone="555-0142",
        show_in_distress=True,
    )
    Resource.objects.create(
        name="Backup child care",
        category=Category.DEPENDENT_CARE,
        description="Up to ten days a year of emergency child or elder care.",
    )
    Resource.objects.create(name="Old line", category=Category.OTHER, description="gone", active=False)


def test_it_shows_crisis_lines_for_the_country_first_then_internal_help(directory):
    names = [r.name for r in crisis_resources("US")]
    assert names == ["988 Suicide & Crisis Lifeline", "Crisis Text Line", "Riverbend Peer Support"]
    assert [r.name for r in crisis_resources("GB")] == ["Samaritans", "Riverbend Peer Support"]


def test_it_falls_back_to_the_settings_list_when_nothing_is_curated(db):
    names = [r.name for r in crisis_resources()]
    assert names[0] == "988 Suicide & Crisis Lifeline"
    assert all(r.pk is None for r in crisis_resources())


def test_it_builds_tap_to_call_and_tap_to_text_links(directory):
    text_line = Resource.objects.get(name="Crisis Text Line")
    assert text_line.sms_href == "sms:741741?body=HOME"
    assert Resource.objects.get(name="Riverbend Peer Support").tel_href == "tel:555-0142".replace("-", "")


def test_it_searches_words_and_kinds_and_hides_inactive(directory):
    assert [r.name for r in search_resources("elder")] == ["Backup child care"]
    assert [r.name for r in search_resources("second victim")] == ["Riverbend Peer Support"]
    assert [r.name for r in search_resources(category=Category.DEPENDENT_CARE)] == ["Backup child care"]
    assert not search_resources("gone").exists()


def test_it_counts_taps_per_resource_per_day_and_nothing_else(directory):
    line = Resource.objects.get(name="Crisis Text Line")
    now = timezone.now()
    count_use(line, "text", now=now)
    count_use(line, "text", now=now)
    count_use(line, "text", now=now + dt.timedelta(days=1))
    rows = list(ResourceUse.objects.order_by("day").values_list("kind", "count"))
    assert rows == [("text", 2), ("text", 1)]
    assert {f.name for f in ResourceUse._meta.get_fields()} == {"id", "resource", "day", "kind", "count"}


def test_the_directory_page_is_open_without_sign_in_and_has_links(directory):
    page = Client().get("/community/resources/?q=text")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="sms:741741?body=HOME"' in html
    assert "Text HOME to 741741" in html
    assert 'href="tel:988"' in html  # the crisis box is always there


def test_the_tap_counter_endpoint_counts_without_a_session(directory):
    line = Resource.objects.get(name="Riverbend Peer Support")
    response = Client().post(f"/community/resources/{line.pk}/used/call")
    assert response.status_code == 204
    assert ResourceUse.objects.get().count == 1
    assert Client().post(f"/community/resources/{line.pk}/used/fax").status_code == 404


def test_only_the_office_curates(org, client):
    client.force_login(org.reporter)
    assert client.get("/community/resources/new").status_code == 404
    make_office(org.reporter)
    response = client.post(
        "/community/resources/new",
        {
            "name": "Financial counselling",
            "category": "financial",
            "description": "Free, confidential.",
            "order": 5,
        },
    )
    assert response.status_code == 302
    assert Resource.objects.get(name="Financial counselling").category == "financial"


def post(client, data):
    return client.post("/api/v1/community/resources", data, content_type="application/json")


def test_the_api_searches_and_refuses_bad_input(directory, org, client):
    response = client.get("/api/v1/community/resources?q=HOME")
    assert response.status_code == 200
    assert response.json()[0]["sms"] == "sms:741741?body=HOME"
    assert client.get("/api/v1/community/resources?category=nope").status_code == 400
    assert client.get("/api/v1/community/resources?q=%00").status_code == 400
    # A NUL in the country reached the query and was a 500 on PostgreSQL.
    for path in ("/api/v1/community/resources", "/api/v1/community/resources/crisis"):
        for country in ("G%00", "%00"):
            assert client.get(f"{path}?country={country}").status_code == 400, (path, country)
        for country in ("GBR", "1", "é"):
            refused = client.get(f"{path}?country={country}")
            assert refused.status_code == 400, (path, country)
            assert "two-letter country code" in refused.json()["detail"]
    assert client.get("/api/v1/community/resources/crisis?country=gb").status_code == 200
    crisis = client.get("/api/v1/community/resources/crisis?country=GB").json()
    assert [r["name"] for r in crisis] == ["Samaritans", "Riverbend Peer Support"]
    client.force_login(org.reporter)
    body = {"name": "X line", "category": "crisis", "description": "A line.", "phone": "988"}
    assert post(client, body).status_code == 404
    make_office(org.reporter)
    created = post(client, body)
    assert created.status_code == 201
    extra = {**body, "colour": "red"}
    assert post(client, extra).status_code == 400
    line = Resource.objects.get(name="Crisis Text Line")
    use = client.post(
        f"/api/v1/community/resources/{line.pk}/uses", {"kind": "text"}, content_type="application/json"
    )
    assert use.status_code == 204


def test_the_speak_up_receipt_shows_the_directorys_crisis_lines_with_tap_links(directory, rf):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    now = timezone.now()
    submitted = SimpleNamespace(
        crisis=True,
        receipt="ABCD-EFGH-JKMN-PQRS-TVWX",
        visible_from=now,
        ack_due_at=now,
        ack_due_on=now.date(),
    )
    html = render_to_string("concerns/speak/receipt.html", {"submitted": submitted}, request=rf.get("/"))
    assert 'href="tel:988"' in html and 'href="sms:741741?body=HOME"' in html
    assert "Riverbend Peer Support" in html and "Backup child care" not in html


def test_it_handles_a_boolean_sent_as_a_number_or_word_with_a_400(directory, org, client):
    """A JSON boolean field took 0, 1, "yes" or "off" (pydantic's lax mode) though the schema says boolean."""
    make_office(org.reporter)
    client.force_login(org.reporter)
    body = {"name": "X line", "category": "crisis", "description": "A line.", "phone": "988"}
    for value in (0, 1, "yes", "off", "true"):
        refused = post(client, {**body, "active": value})
        assert refused.status_code == 400 and "active" in refused.json()["detail"], value
    assert not Resource.objects.filter(name="X line").exists()
    assert post(client, {**body, "active": False}).status_code == 201
    hidden = Resource.objects.get(name="X line")
    counted = client.post(
        f"/api/v1/community/resources/{hidden.pk}/uses", {"kind": "call"}, content_type="application/json"
    )
    assert counted.status_code == 404 and counted.json()["detail"] == "Not found, or not visible to you."


def test_it_handles_true_or_false_sent_for_a_number_with_a_400(directory, org, client):
    """Lax validation stored "order": false as 0 though the schema says integer."""
    make_office(org.reporter)
    client.force_login(org.reporter)
    body = {"name": "X line", "category": "crisis", "description": "A line.", "phone": "988"}
    refused = post(client, {**body, "order": False})
    assert refused.status_code == 400 and "order must be a number" in refused.json()["detail"]
    assert not Resource.objects.filter(name="X line").exists()
    assert post(client, {**body, "order": 0}).status_code == 201


@pytest.mark.parametrize(
    ("query", "field"),
    [("language=xx", "language"), ("language=es", "language"), ("category=bogus", "category")],
)
def test_a_search_word_outside_its_list_is_refused_at_its_field(client, db, query, field):
    """The lists were only written in the schema: `language=xx` answered 200 with another list."""
    answer = client.get(f"/api/v1/community/resources?{query}")
    assert answer.status_code == 400
    problem = answer.json()["errors"][0]
    assert problem["loc"] == ["query", field] and problem["type"] == "literal_error"
