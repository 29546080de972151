from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upstream.community.models import Recognition
from upstream.community.services.common import CommunityError
from upstream.community.services.recognition import counts_by_unit, feed, thank
from upstream.lib.forms import shorten_to
from upstream.org.models import User


def test_it_thanks_a_colleague_into_the_shared_unit_feed(org):
    nurse = User.objects.get(username="nurse0")
    thank(org.reporter, text="You covered my patients when I was sick. Thank you.", person=nurse)
    assert [r.text[:11] for r in feed(nurse)] == ["You covered"]
    assert feed(org.outsider).count() == 0
    assert Recognition.objects.get().unit == org.ward_a


def test_it_thanks_a_team_and_refuses_self_thanks_and_empty_words(org):
    thank(org.outsider, text="5 East took our overflow all weekend.", team=org.ward_b)
    assert feed(org.reporter)[0].to_team == org.ward_b  # the reporter works on 5 East too
    with pytest.raises(CommunityError):
        thank(org.reporter, text="Great job me", person=org.reporter)
    with pytest.raises(CommunityError):
        thank(org.reporter, text="  ", team=org.ward_a)
    with pytest.raises(CommunityError):
        thank(org.reporter, text="x" * 281, team=org.ward_a)


def test_counts_by_unit_hide_small_numbers(org):
    now = timezone.now()
    for index in range(6):
        thank(org.reporter, text=f"Thanks number {index}", team=org.ward_a, now=now)
    thank(org.reporter, text="Thanks, 5 East", team=org.ward_b, now=now)
    today = timezone.localdate()
    week = today - dt.timedelta(days=7)
    # One small cell hides its sibling too, so it cannot be worked out from a total.
    assert counts_by_unit([org.ward_a, org.ward_b], week, today) == {"4 West": None, "5 East": None}
    for index in range(4):
        thank(org.reporter, text=f"More thanks {index}", team=org.ward_b, now=now)
    assert counts_by_unit([org.ward_a, org.ward_b], week, today) == {"4 West": 6, "5 East": 5}


def test_the_page_and_api_thank_and_list(org, client):
    client.force_login(org.reporter)
    nurse = User.objects.get(username="nurse1")
    page = client.post("/community/thanks/", {"recipient": f"p{nurse.pk}", "text": "Thanks for the coffee"})
    assert page.status_code == 302
    assert "Thanks for the coffee" in client.get("/community/thanks/").content.decode()
    api = client.post(
        "/api/v1/community/thanks",
        {"team_id": org.ward_a.pk, "text": "Best night shift crew"},
        content_type="application/json",
    )
    assert api.status_code == 201
    assert [t["text"] for t in client.get("/api/v1/community/thanks").json()][0] == "Best night shift crew"
    bad = client.post("/api/v1/community/thanks", {"text": "hi there"}, content_type="application/json")
    assert bad.status_code == 400
    assert client.get("/api/v1/community/thanks/counts").status_code == 404  # not a leader
    client.force_login(org.chair)
    counts = client.get("/api/v1/community/thanks/counts").json()
    assert {c["unit"] for c in counts} == {"Medicine", "4 West", "5 East"}


def test_the_thanks_box_takes_what_its_maxlength_lets_a_person_type(org, client):
    """The box's maxlength counts a line break as one character, as the browser does, but the
    browser sends it as two (CRLF): 280 characters typed on ten lines arrive as 289, and are taken."""
    client.force_login(org.reporter)
    nurse = User.objects.get(username="nurse1")
    assert 'maxlength="280"' in client.get("/community/thanks/").content.decode()
    typed = "\n".join(["y" * 27] * 10) + "!"
    assert len(typed) == 280
    sent = client.post(
        "/community/thanks/", {"recipient": f"p{nurse.pk}", "text": typed.replace("\n", "\r\n")}
    )
    assert sent.status_code == 302
    assert Recognition.objects.get().text == typed
    over = typed + "!"
    refused = client.post(
        "/community/thanks/", {"recipient": f"p{nurse.pk}", "text": over.replace("\n", "\r\n")}
    )
    assert refused.status_code == 400
    assert shorten_to(280) in refused.content.decode()
    assert Recognition.objects.count() == 1
