"""Whom the API may thank. `POST /api/v1/community/thanks` takes a person_id or a team_id, but no
endpoint gave them: only the page's menu had the ids. `GET /api/v1/community/thanks/recipients`
lists exactly the menu's choices, in its order, paged, with the name the menu shows and nothing more."""

from __future__ import annotations

import re

from django.urls import reverse

from upstream.community.models import Recognition

URL = "/api/v1/community/thanks/recipients"


def _menu(client) -> list[str]:
    html = client.get(reverse("community:thanks")).content.decode()
    menu = re.search(r'<select name="recipient"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [value for value in re.findall(r'<option value="([^"]*)"', menu) if value]


def _as_menu(item: dict) -> str:
    return f"p{item['person_id']}" if item["kind"] == "person" else f"t{item['team_id']}"


def test_it_lists_whom_the_page_offers_in_its_order_and_one_can_be_thanked(org, client):
    client.force_login(org.reporter)
    listed = client.get(URL, {"limit": 200}).json()
    assert [_as_menu(item) for item in listed["items"]] == _menu(client)
    assert listed["total"] == len(listed["items"]) and listed["next_offset"] is None
    person = next(item for item in listed["items"] if item["kind"] == "person")
    assert set(person) == {"kind", "person_id", "team_id", "name"}  # no more than the menu shows
    sent = client.post(
        "/api/v1/community/thanks",
        {"text": "Thanks for the cover.", "person_id": person["person_id"]},
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["to"] == person["name"]
    team = next(item for item in listed["items"] if item["kind"] == "team")
    sent = client.post(
        "/api/v1/community/thanks",
        {"text": "Thanks, everyone.", "team_id": team["team_id"]},
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    assert Recognition.objects.count() == 2


def test_it_pages_the_list(org, client):
    client.force_login(org.reporter)
    everyone = client.get(URL, {"limit": 200}).json()["items"]
    first = client.get(URL, {"limit": 2}).json()
    assert first["items"] == everyone[:2] and first["next_offset"] == 2
    assert client.get(URL, {"limit": 2, "offset": 2}).json()["items"] == everyone[2:4]
    assert client.get(URL, {"limit": 201}).status_code == 400


def test_an_outsider_sees_none_of_another_hospitals_people_or_teams(org, client):
    client.force_login(org.outsider)
    listed = client.get(URL).json()["items"]
    people = {item["person_id"] for item in listed if item["kind"] == "person"}
    teams = {item["team_id"] for item in listed if item["kind"] == "team"}
    assert org.reporter.pk not in people and not {org.ward_a.pk, org.medicine.pk} & teams
    assert teams == {org.other_hospital.pk, org.system.pk}
    assert [_as_menu(item) for item in listed] == _menu(client)


def test_the_schema_states_it(client, db):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/v1/community/thanks/recipients"]["get"]
    assert "page's menu" in operation["description"]
    assert {p["name"] for p in operation["parameters"]} >= {"limit", "offset"}
