"""The office stops listing a peer supporter, on its page ("Stop listing") and in the API (DELETE)."""

from __future__ import annotations

from upstream.community.models import PeerRequest, PeerSupporter
from upstream.community.services import peer
from upstream.community.tests.factories import make_office
from upstream.org.models import Membership, User


def _second_supporter(org) -> PeerSupporter:
    other = User.objects.create_user(username="other", email="other@example.org", password="x")
    Membership.objects.create(user=other, unit=org.other_hospital, role_group="attending")
    return PeerSupporter.objects.create(user=other)


def test_the_office_page_stops_listing_and_the_unreached_request_moves_on(org, supporter, client):
    backup = _second_supporter(org)
    asked = peer.request_support(org.reporter, contact="pager 4417").request
    first = asked.supporter
    client.force_login(make_office(org.other_leader))
    page = client.get("/community/peer/office").content.decode()
    assert "Stop listing" in page and f'name="unlist" value="{first.user.username}"' in page
    done = client.post("/community/peer/office", {"unlist": first.user.username}, follow=True)
    assert "is no longer listed: no new requests reach them." in done.content.decode()
    first.refresh_from_db()
    asked.refresh_from_db()
    assert not first.active
    assert asked.supporter == (backup if first == supporter else supporter)
    assert f'value="{first.user.username}"' not in client.get("/community/peer/office").content.decode()
    client.force_login(first.user)  # nothing left to close: no supporter's part on their page
    assert "You are a peer supporter" not in client.get("/community/peer/").content.decode()
    gone = client.post("/community/peer/office", {"unlist": first.user.username})
    assert gone.status_code == 404  # not the office


def test_a_reached_request_stays_with_its_unlisted_supporter_to_close(org, supporter, client):
    asked = peer.request_support(org.reporter, contact="pager 4417").request
    peer.record_contact(asked)
    peer.unlist_supporter(make_office(org.other_leader), supporter.user.username)
    asked.refresh_from_db()
    assert asked.supporter == supporter and asked.status == PeerRequest.Status.CONTACTED
    client.force_login(supporter.user)
    page = client.get("/community/peer/").content.decode()
    assert "pager 4417" in page and "no longer lists you" in page and "Pause new requests" not in page


def test_the_api_deletes_a_listing_and_lists_again_with_post(org, supporter, client):
    client.force_login(org.reporter)
    url = f"/api/v1/community/peer/supporters/{supporter.user.username}"
    assert client.delete(url).status_code == 404  # not the office
    client.force_login(make_office(org.other_leader))
    gone = client.delete(url)
    assert gone.status_code == 200 and gone.json()["state"] == "not listed"
    assert client.delete(url).status_code == 200  # twice changes nothing
    listed = client.get("/api/v1/community/peer/supporters").json()
    assert [s["state"] for s in listed if s["username"] == "far"] == ["not listed"]
    nobody = client.delete("/api/v1/community/peer/supporters/nobody")
    assert (nobody.status_code, nobody.json()["detail"]) == (404, "No peer supporter with that username.")
    again = client.post(
        "/api/v1/community/peer/supporters", {"username": "far"}, content_type="application/json"
    )
    assert again.status_code == 201
    supporter.refresh_from_db()
    assert supporter.active
