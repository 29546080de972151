"""A crisis line must say how to reach it, and the resource form speaks in its own words.

A new-user walk saved a "Crisis line" with no phone, number to text or web address, marked to show
wherever distress is expressed: it stood in the crisis box of every flagged writer, signed out too,
with nothing to tap. The same walk read "description: please write at least 2 characters." (the
column's name), Django's "Enter a valid URL." and "9223372036854775807 or less" for the order.
"""

from __future__ import annotations

import pytest

from upstream.community.models import Resource
from upstream.community.tests.factories import make_office

API = "/api/v1/community/resources"
NO_WAY = "needs a way to reach it"


def line(**extra):
    return {
        "name": "Nurses' night line",
        "category": "crisis",
        "description": "Talk to a nurse who knows nights.",
        "show_in_distress": "on",
        "active": "on",
        "order": 5,
        **extra,
    }


@pytest.fixture
def office(org, client):
    client.force_login(make_office(org.reporter))
    return client


def test_a_crisis_line_with_no_way_to_reach_it_is_refused_at_the_phone_box_with_everything_kept(office):
    page = office.post("/community/resources/new", line(hours="Nights, 7pm to 7am"))
    assert page.status_code == 400
    assert NO_WAY in " ".join(page.context["form"].errors["phone"])
    assert "Nights, 7pm to 7am" in page.content.decode()
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "contact", [{"phone": "988"}, {"sms_number": "741741"}, {"url": "https://988lifeline.org"}]
)
def test_any_one_way_to_reach_it_is_enough(office, contact):
    assert office.post("/community/resources/new", line(**contact)).status_code == 302
    assert Resource.objects.filter(name="Nurses' night line").exists()


def test_the_api_refuses_the_same_and_a_hidden_draft_may_wait_for_its_number(office):
    body = {k: v for k, v in line().items() if k not in ("show_in_distress", "active")}
    refused = office.post(API, {**body, "show_in_distress": True}, content_type="application/json")
    assert refused.status_code == 400 and NO_WAY in refused.json()["detail"]
    # Not shown to anyone until it is made active, so the office may save it while it finds the number.
    assert office.post(API, {**body, "active": False}, content_type="application/json").status_code == 201


def test_the_form_names_its_boxes_in_refusals_and_bounds_the_order(office):
    page = office.post(
        "/community/resources/new",
        line(description="x", phone="988", order="99999999999999999999", url="javascript:alert(1)"),
    )
    errors = page.context["form"].errors
    assert " ".join(errors["order"]) == "Please enter a whole number from 0 to 32,767."
    assert "https://" in " ".join(errors["url"]) and "Enter a valid URL." not in " ".join(errors["url"])
    fixed = office.post("/community/resources/new", line(description="x", phone="988"))
    assert fixed.status_code == 400
    assert " ".join(fixed.context["form"].errors["description"]).startswith(
        "Description: please write at least 2"
    )


def test_showing_again_a_hidden_line_with_no_way_to_reach_it_sends_the_office_to_its_form(office):
    body = {k: v for k, v in line().items() if k not in ("show_in_distress", "active")}
    hidden = office.post(API, {**body, "active": False}, content_type="application/json").json()
    answer = office.post(f"/community/resources/{hidden['id']}/show", follow=True)
    assert answer.redirect_chain[-1][0] == f"/community/resources/{hidden['id']}/edit"
    assert NO_WAY in answer.content.decode()
    assert not Resource.objects.get(pk=hidden["id"]).active
