"""What an API client is told when a well-formed community request cannot be done.

A request the schema allows used to get a 400 for reasons the schema could not state. Now a unit,
person, gathering or receipt that does not exist or is not the caller's is a 404; a state that does
not allow the request (a campaign not joined yet or closed, an offer already decided, a gathering
that is over) is a 409; a speak-up code that does not verify, or an account that may not, a 403. Each
keeps the sentence the page shows. Formats the schema can state (a receipt code, a web address,
interests) are stated, and a text that misses them is a 400 naming the field.
"""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upstream.community.models import Gathering, Recognition, SharedConcern, Story
from upstream.community.services import gatherings, mentoring
from upstream.community.tests.factories import charting_campaign, make_office
from upstream.concerns.services import submit_concern
from upstream.intake.services import release_due
from upstream.org.models import User

STATEMENT = "We chart two hours after every shift because the EHR templates need forty clicks per note."
ASK = "Protected charting time of 30 minutes per shift and a scribe pilot on 4 West."
TEXT = "Night shifts on 4 West have one nurse for twelve patients and no break cover at all."


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def answer(response) -> tuple[int, str]:
    return response.status_code, response.json()["detail"]


def nurse(index: int) -> User:
    return User.objects.get(username=f"nurse{index}")


@pytest.fixture
def campaign(org):
    return charting_campaign(org.reporter, org.ward_a, statement=STATEMENT, ask=ASK)


def test_it_handles_a_campaign_not_joined_or_closed_with_a_409(org, campaign, client):
    client.force_login(nurse(1))
    url = f"/api/v1/community/campaigns/{campaign.pk}"
    starts = (timezone.now() + dt.timedelta(days=3)).isoformat()
    for path, body in (
        ("/updates", {"text": "Hello all"}),
        ("/meetings", {"starts_at": starts, "location": "Break room"}),
        ("/ask", {"text": ASK}),
    ):
        assert answer(post(client, url + path, body)) == (409, "Join the campaign first."), path
    client.force_login(org.reporter)
    assert post(client, url + "/ask", {"text": ASK}).status_code == 201
    again = post(client, url + "/ask", {"text": ASK})
    assert answer(again) == (409, "This campaign has already made its formal ask.")
    assert post(client, url + "/close").status_code == 200
    client.force_login(nurse(2))
    assert answer(post(client, url + "/join")) == (409, "This campaign is closed.")


def test_it_handles_a_campaign_for_another_part_of_the_organisation_with_a_403(org, campaign, client):
    # A leader of the unit sees the campaign (it asks them), but it is not theirs to join.
    client.force_login(org.chair)
    refused = post(client, f"/api/v1/community/campaigns/{campaign.pk}/join")
    assert answer(refused) == (403, "This campaign is for another part of the organisation.")
    client.force_login(org.outsider)
    assert post(client, f"/api/v1/community/campaigns/{campaign.pk}/join").status_code == 404


def test_it_handles_a_gathering_that_is_over_with_a_409(org, client):
    now = timezone.now()
    event = gatherings.create_gathering(
        org.leader,
        scope=org.ward_a,
        kind=Gathering.Kind.COMMUNITY,
        title="Debrief after a hard week",
        description="An hour together.",
        location="Room 4",
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1, hours=1),
        capacity=8,
    )
    Gathering.objects.filter(pk=event.pk).update(cancelled=True)
    client.force_login(org.reporter)
    refused = post(client, f"/api/v1/community/gatherings/{event.pk}/signup")
    assert answer(refused) == (409, "This gathering is no longer taking sign-ups.")


def test_it_handles_mentoring_out_of_order_with_a_409_and_no_interests_with_a_400(org, client):
    client.force_login(org.reporter)
    asked = post(client, "/api/v1/community/mentoring/proposals")
    assert answer(asked) == (409, "Fill in your profile as someone who would like a mentor first.")
    for interests in ([], ["  "]):
        body = {"wants": "mentee", "career_stage": "early", "interests": interests}
        empty = client.put("/api/v1/community/mentoring/profile", body, content_type="application/json")
        assert empty.status_code == 400 and empty.json()["errors"][0]["loc"][2] == "interests"
    mentoring.save_profile(nurse(0), wants="mentor", career_stage="senior", interests=["sleep"])
    mentoring.save_profile(org.reporter, wants="mentee", career_stage="early", interests=["sleep"])
    [match] = mentoring.propose_matches(org.reporter)
    early = post(client, f"/api/v1/community/mentoring/matches/{match.pk}/meetings", {"on": "2026-01-05"})
    assert answer(early) == (409, "Both of you must accept the match first.")


def test_it_lists_a_supporter_only_for_the_office_and_an_unknown_username_is_a_404(org, client):
    client.force_login(org.leader)
    for username in ("nurse6", "nobody"):
        refused = post(client, "/api/v1/community/peer/supporters", {"username": username})
        assert answer(refused) == (404, "This is for the well-being office only.")
    client.force_login(make_office(org.other_leader))
    unknown = post(client, "/api/v1/community/peer/supporters", {"username": "nobody"})
    assert answer(unknown) == (404, "No active account has that name, username or email.")


def test_the_office_reads_the_supporters_and_their_state_as_its_page_lists_them(org, client):
    """The office's page lists each supporter as available, paused or not listed; the API could list
    one but not read the list (fuzz probe, parity)."""
    from upstream.community.models import PeerSupporter
    from upstream.community.services import peer

    office = make_office(org.other_leader)
    peer.list_supporter(office, org.reporter, about="Nights, ICU.")
    peer.list_supporter(office, org.outsider)
    peer.set_availability(org.outsider, False)
    client.force_login(org.leader)
    assert answer(client.get("/api/v1/community/peer/supporters")) == (
        404,
        "This is for the well-being office only.",
    )
    client.force_login(office)
    listed = client.get("/api/v1/community/peer/supporters").json()
    states = {row["username"]: (row["state"], row["about"]) for row in listed}
    assert states == {"reporter": ("available", "Nights, ICU."), "outsider": ("paused", "")}
    PeerSupporter.objects.filter(user=org.reporter).update(active=False)
    page = client.get(reverse("community:peer_office")).content.decode()
    assert "not listed" in page
    states = {row["username"]: row["state"] for row in client.get("/api/v1/community/peer/supporters").json()}
    assert states["reporter"] == "not listed"


def test_it_handles_an_offer_in_the_wrong_state_with_a_409_and_an_unknown_receipt_with_a_404(org, client):
    anonymous = Client()
    waiting = submit_concern(text=TEXT, unit=org.ward_a).receipt
    early = post(anonymous, "/api/v1/community/shared/offer", {"receipt": waiting})
    assert answer(early) == (
        409,
        "Your concern reaches leaders with the next batch; offer it for co-signing after that.",
    )
    release_due(everything=True)
    not_offered = post(anonymous, "/api/v1/community/shared/withdraw", {"receipt": waiting})
    assert answer(not_offered) == (409, "This concern is not offered for co-signing.")
    assert post(anonymous, "/api/v1/community/shared/offer", {"receipt": waiting}).status_code == 202
    release_due(everything=True)
    twice = post(anonymous, "/api/v1/community/shared/offer", {"receipt": waiting})
    assert answer(twice) == (409, "This concern is already offered for co-signing.")
    shared = SharedConcern.objects.get()
    client.force_login(org.leader)
    url = f"/api/v1/community/shared/offers/{shared.pk}"
    assert post(client, url + "/decline", {"reason": "It names a colleague."}).status_code == 200
    assert answer(post(client, url + "/approve", {"text": TEXT})) == (
        409,
        "Only an offered concern can be approved.",
    )
    assert answer(post(client, url + "/decline", {"reason": "Again."})) == (
        409,
        "Only an offered concern can be declined.",
    )
    unknown = post(anonymous, "/api/v1/community/shared/by-receipt", {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    assert unknown.status_code == 404 and "could not find a concern" in unknown.json()["detail"]
    malformed = post(anonymous, "/api/v1/community/shared/by-receipt", {"receipt": "000"})
    assert malformed.status_code == 400
    assert malformed.json()["errors"][0]["msg"] == (
        "Receipt codes have 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TVWX."
    )


def test_it_handles_a_story_unit_or_gathering_not_yours_with_a_404(org, client):
    client.force_login(org.reporter)
    body = {
        "title": "A night",
        "text": "A long night on 4 West, and the team held.",
        "unit_id": org.ward_a.pk,
    }
    elsewhere = post(client, "/api/v1/community/stories", {**body, "unit_id": org.other_hospital.pk})
    assert answer(elsewhere) == (404, "Choose one of your own units, or a level above it.")
    # An id that names no gathering was dropped without a word, and the story stored without it.
    for gathering_id in (987654, 2**62):
        unknown = post(client, "/api/v1/community/stories", {**body, "gathering_id": gathering_id})
        assert answer(unknown) == (404, "Stories go with story sessions.")
    assert not Story.objects.exists()
    assert post(client, "/api/v1/community/stories", body).status_code == 201


def test_it_handles_thanks_to_an_id_that_names_nobody_with_a_404(org, client):
    client.force_login(org.reporter)
    # Missing and not-yours look alike: the sentence says whom you can thank.
    for body in ({"person_id": 987654}, {"person_id": 2**62}):
        refused = post(client, "/api/v1/community/thanks", {"text": "Thank you all", **body})
        assert answer(refused) == (404, "Choose a colleague who shares one of your units."), body
    for body in ({"team_id": 987654}, {"team_id": 2**62}):
        refused = post(client, "/api/v1/community/thanks", {"text": "Thank you all", **body})
        assert answer(refused) == (404, "Choose one of your units, or the department above it."), body
    neither = post(client, "/api/v1/community/thanks", {"text": "Thank you all"})
    assert answer(neither) == (400, "Thank one colleague or one team.")
    assert (
        post(
            client, "/api/v1/community/thanks", {"text": "Thank you all", "team_id": org.ward_a.pk}
        ).status_code
        == 201
    )


def test_it_handles_thanks_to_yourself_with_a_documented_404(org, client):
    """Thanking yourself was a schema-valid request answered 400 (Schemathesis): the page never
    offers you as a colleague, so your own id names no one yours to thank, a 404 as for an id that
    names nobody, with the service's sentence, documented in the operation's answers."""
    client.force_login(org.reporter)
    body = {"text": "Great job me", "person_id": org.reporter.pk}
    assert answer(post(client, "/api/v1/community/thanks", body)) == (
        404,
        "Thank someone else: this is for colleagues.",
    )
    assert not Recognition.objects.exists()
    operation = client.get("/api/openapi.json").json()["paths"]["/api/v1/community/thanks"]["post"]
    assert "404" in operation["responses"]
    assert "your own id" in operation["description"]


def test_the_schema_states_that_thanks_go_to_exactly_one_colleague_or_team(org, client):
    """`{"person_id": null, "team_id": null, ...}` was schema-valid and refused with 400
    (Schemathesis); the service's "Thank one colleague or one team." is now for a request the
    schema does not allow."""
    schema = client.get("/api/openapi.json").json()
    documented = {"$ref": "#/components/schemas/ThanksIn", "components": schema["components"]}
    validator = jsonschema.Draft202012Validator(documented)
    text = {"text": "Thank you all"}
    for neither_or_both in ({}, {"person_id": None, "team_id": None}, {"person_id": 1, "team_id": 2}):
        assert not validator.is_valid({**text, **neither_or_both}), neither_or_both
    for one in ({"person_id": 1}, {"team_id": 2, "person_id": None}):
        assert validator.is_valid({**text, **one}), one


def test_a_resource_web_address_is_stated_in_the_schema_with_the_pages_words(org, client):
    client.force_login(make_office(org.other_leader))
    body = {
        "name": "Chaplaincy",
        "category": "other",
        "description": "Someone to talk to, any faith or none.",
    }
    refused = post(client, "/api/v1/community/resources", {**body, "url": "chaplaincy.example.org"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["msg"] == "A web address starts with https://."
    made = post(client, "/api/v1/community/resources", {**body, "url": "https://chaplaincy.example.org"})
    assert made.status_code == 201


def test_a_resource_country_is_stated_in_the_schema_with_the_pages_words(org, client):
    """The schema said up to two characters; the service wants two letters or none, so "1" was
    schema-valid and refused (Schemathesis, ST202)."""
    client.force_login(make_office(org.other_leader))
    body = {
        "name": "Chaplaincy",
        "category": "other",
        "description": "Someone to talk to, any faith or none.",
    }
    for country in ("1", "G", "é"):
        refused = post(client, "/api/v1/community/resources", {**body, "country": country})
        assert refused.status_code == 400, country
        error = refused.json()["errors"][0]
        assert (error["loc"][-1], error["msg"]) == (
            "country",
            "Country is a two-letter code such as US, or blank for everywhere.",
        )
    for country in ("", "gb"):
        assert post(client, "/api/v1/community/resources", {**body, "country": country}).status_code == 201


def test_the_schema_lists_each_answer(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    expected = {
        ("/api/v1/community/campaigns", "post"): {"404"},
        ("/api/v1/community/campaigns/{campaign_id}/join", "post"): {"403", "404", "409"},
        ("/api/v1/community/campaigns/{campaign_id}/updates", "post"): {"404", "409"},
        ("/api/v1/community/campaigns/{campaign_id}/meetings", "post"): {"404", "409"},
        ("/api/v1/community/campaigns/{campaign_id}/ask", "post"): {"404", "409"},
        ("/api/v1/community/gatherings/{gathering_id}/signup", "post"): {"404", "409"},
        ("/api/v1/community/mentoring/proposals", "post"): {"409"},
        ("/api/v1/community/mentoring/matches/{match_id}/{answer}", "post"): {"404", "409"},
        ("/api/v1/community/peer/supporters", "post"): {"404"},
        ("/api/v1/community/shared/by-receipt", "post"): {"404", "409", "429"},
        ("/api/v1/community/shared/offer", "post"): {"404", "409", "429"},
        ("/api/v1/community/shared/withdraw", "post"): {"404", "409", "429"},
        ("/api/v1/community/shared/offers/{shared_id}/approve", "post"): {"404", "409"},
        ("/api/v1/community/shared/offers/{shared_id}/decline", "post"): {"404", "409"},
        ("/api/v1/community/shared/tokens", "post"): {"409"},
        ("/api/v1/community/shared/{shared_id}/cosign", "post"): {"403", "404", "409"},
        ("/api/v1/community/stories", "post"): {"404", "409"},
        ("/api/v1/community/thanks", "post"): {"404"},
    }
    for (path, method), codes in expected.items():
        assert codes <= set(paths[path][method]["responses"]), path


def test_an_office_only_list_says_whose_it_is_instead_of_not_found(org, client):
    """ "Not found, or not visible to you." left an integrator guessing whether the path was wrong."""
    client.force_login(org.reporter)
    for path in ("/api/v1/community/stories/moderation", "/api/v1/community/peer/figures"):
        assert answer(client.get(path)) == (404, "This is for the well-being office only."), path
    assert answer(client.get("/api/v1/community/peer/counts")) == (
        404,
        "This is for leaders and the well-being office only.",
    )


def test_listing_a_supporter_answers_with_the_supporter_as_the_list_shows_them(org, client):
    """The answer was the availability input's shape, {"available": true}, unlike DELETE's."""
    client.force_login(make_office(org.other_leader))
    listed = post(
        client, "/api/v1/community/peer/supporters", {"username": "reporter", "about": "Nights, ICU."}
    )
    assert listed.status_code == 201
    shown = {row["username"]: row for row in client.get("/api/v1/community/peer/supporters").json()}
    assert listed.json() == {**shown["reporter"], "available": True}
    assert shown["reporter"]["state"] == "available" and shown["reporter"]["about"] == "Nights, ICU."
