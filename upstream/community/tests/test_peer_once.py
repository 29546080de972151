"""One peer-support request at a time from a person's browser.

The page opened in two tabs and sent from both stored two requests for the same person, offered to
two supporters. The second send now says that a request is already waiting and what happens next,
stores nothing, keeps what was typed in its boxes, and the API answers 409 with the same sentence.
A request holds no account, so the browser's signed-in session (a signed cookie, never in the
database) remembers the person's requests (community/peer_memory.py). Once the request is closed
they may ask again; words in crisis are never held back; a double tap (the same form twice) is
stored once by the form's one-time key.
"""

from __future__ import annotations

import html
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from upstream.community.models import PeerRequest
from upstream.community.services import peer
from upstream.community.tests.test_crisis_words import BOX, CRISIS
from upstream.org.models import User

WAITING = (
    "You already have a request waiting for a peer supporter, so nothing new was sent. A trained "
    "colleague will reach you at the contact you gave then, usually within 24 hours of asking. You can "
    "ask again once that conversation is closed."
)
SENT = "Your request is with a peer supporter"
AGAIN = "This was already sent. Nothing was sent twice."


def open_tab(client) -> dict[str, str]:
    """The form as one tab has it: its own one-time key."""
    page = client.get(reverse("community:peer")).content.decode()
    return {"form_key": re.search(r'name="form_key" value="([^"]+)"', page).group(1)}


def send(client, tab: dict[str, str], contact: str, note: str = ""):
    return client.post(reverse("community:peer"), {**tab, "contact": contact, "when": "", "note": note})


def test_it_handles_a_second_tab_by_saying_a_request_is_waiting_and_storing_nothing(org, supporter, client):
    client.force_login(org.reporter)
    first, second = open_tab(client), open_tab(client)
    sent = send(client, first, "pager 4417", "A rough week.")
    assert sent.status_code == 200 and SENT in sent.content.decode()
    refused = send(client, second, "ext 2231", "Nights again.")
    page = html.unescape(refused.content.decode())
    assert refused.status_code == 200
    assert f'<p class="notice" role="alert">{WAITING}</p>' in page  # above the form, focused on load
    assert SENT not in page
    assert 'value="ext 2231"' in page and ">\nNights again.</textarea>" in page  # nothing typed is lost
    assert list(PeerRequest.objects.values_list("contact", "note")) == [("pager 4417", "A rough week.")]


def test_coming_back_to_the_page_says_the_request_waits_until_it_is_closed(org, supporter, client):
    """The blank form on return read as if the request had been lost (a new-user walk)."""
    client.force_login(org.reporter)
    assert "is waiting for a peer supporter" not in client.get(reverse("community:peer")).content.decode()
    send(client, open_tab(client), "pager 4417", "A rough week.")
    back = html.unescape(client.get(reverse("community:peer")).content.decode())
    assert "Your request for a conversation is waiting for a peer supporter." in back
    assert "usually within 24 hours of asking" in back and "nothing new was sent" not in back
    other = Client()
    other.force_login(org.reporter)  # another browser knows nothing of it, as the module says
    assert "is waiting for a peer supporter" not in other.get(reverse("community:peer")).content.decode()
    PeerRequest.objects.update(status=PeerRequest.Status.CLOSED)
    assert "is waiting for a peer supporter" not in client.get(reverse("community:peer")).content.decode()


def test_the_api_answers_409_with_the_same_sentence(org, supporter, client):
    client.force_login(org.reporter)
    assert send(client, open_tab(client), "pager 4417").status_code == 200
    refused = client.post(
        "/api/v1/community/peer/requests", {"contact": "ext 2231"}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()) == (409, {"detail": WAITING})
    assert PeerRequest.objects.count() == 1
    # And the other way round: asked through the API, then the page from the same browser.
    PeerRequest.objects.update(status=PeerRequest.Status.CLOSED)
    asked = client.post(
        "/api/v1/community/peer/requests", {"contact": "ext 2231"}, content_type="application/json"
    )
    assert asked.status_code == 201
    assert WAITING in html.unescape(send(client, open_tab(client), "pager 4417").content.decode())
    assert PeerRequest.objects.exclude(status=PeerRequest.Status.CLOSED).count() == 1


def test_the_window_said_is_the_requests_own(org, supporter, client, settings):
    settings.UPSTREAM_PEER_PICKUP_HOURS = 1
    client.force_login(org.reporter)
    send(client, open_tab(client), "pager 4417")
    refused = send(client, open_tab(client), "ext 2231")
    assert "usually within 1 hour of asking." in html.unescape(refused.content.decode())


def test_once_the_request_is_closed_they_may_ask_again(org, supporter, client):
    client.force_login(org.reporter)
    send(client, open_tab(client), "pager 4417")
    peer.close_request(PeerRequest.objects.get())
    again = send(client, open_tab(client), "ext 2231")
    assert again.status_code == 200 and SENT in again.content.decode()
    assert PeerRequest.objects.exclude(status=PeerRequest.Status.CLOSED).get().contact == "ext 2231"
    assert PeerRequest.objects.count() == 2
    # And the third, while the second waits, is refused.
    assert WAITING in html.unescape(send(client, open_tab(client), "ext 9").content.decode())
    assert PeerRequest.objects.count() == 2


def test_words_in_crisis_are_never_held_back(org, supporter, client):
    client.force_login(org.reporter)
    send(client, open_tab(client), "pager 4417", "A rough week.")
    urgent = send(client, open_tab(client), "pager 4417", CRISIS)
    page = urgent.content.decode()
    assert urgent.status_code == 200 and BOX in page and WAITING not in html.unescape(page)
    assert sorted(PeerRequest.objects.values_list("urgent", flat=True)) == [False, True]


def test_it_handles_a_double_tap_by_storing_the_request_once(org, supporter, client):
    """Both taps leave before the first answer comes: the second carries the cookies the page had."""
    client.force_login(org.reporter)
    tab = open_tab(client)
    before = {name: morsel.value for name, morsel in client.cookies.items()}
    assert send(client, tab, "pager 4417", CRISIS).status_code == 200
    for name, value in before.items():
        client.cookies[name] = value
    second = send(client, tab, "pager 4417", CRISIS)
    page = html.unescape(second.content.decode())
    assert second.status_code == 409
    assert AGAIN in page and SENT in page and BOX in page  # stored once, the crisis lines still shown
    assert PeerRequest.objects.count() == 1


def test_a_colleague_signing_in_after_them_in_the_same_browser_is_not_refused(org, supporter, client):
    client.force_login(org.reporter)
    send(client, open_tab(client), "pager 4417")
    client.logout()
    client.force_login(User.objects.get(username="nurse1"))
    asked = send(client, open_tab(client), "ext 2231")
    assert asked.status_code == 200 and SENT in asked.content.decode()
    assert PeerRequest.objects.count() == 2


def test_a_request_still_holds_no_account(org, supporter, client):
    client.force_login(org.reporter)
    send(client, open_tab(client), "pager 4417")
    send(client, open_tab(client), "ext 2231")
    buffer = StringIO()
    call_command("dumpdata", "community.peerrequest", "sessions", stdout=buffer)
    dumped = json.loads(buffer.getvalue())
    assert [row["model"] for row in dumped] == ["community.peerrequest"]  # no session in the database
    assert "user" not in dumped[0]["fields"] and org.reporter.username not in buffer.getvalue()


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db")
def test_with_sessions_in_the_database_nothing_is_remembered(org, supporter):
    """There the ids would join a request to the account: the browser check is off instead."""
    client = Client()
    client.force_login(org.reporter)
    send(client, open_tab(client), "pager 4417")
    made = PeerRequest.objects.get()
    from django.contrib.sessions.models import Session

    assert all(str(made.pk) not in json.dumps(s.get_decoded()) for s in Session.objects.all())


def test_the_service_refuses_while_an_earlier_one_is_open(org, supporter):
    first = peer.request_support(org.reporter, contact="pager 4417").request
    with pytest.raises(peer.AlreadyWaiting) as refused:
        peer.request_support(org.reporter, contact="ext 2231", earlier=[first.pk])
    assert str(refused.value) == WAITING
    assert PeerRequest.objects.count() == 1
    peer.record_contact(first)  # reached, not closed: still one at a time
    with pytest.raises(peer.AlreadyWaiting):
        peer.request_support(org.reporter, contact="ext 2231", earlier=[first.pk])
    peer.close_request(first)
    assert peer.request_support(org.reporter, contact="ext 2231", earlier=[first.pk]).request.pk != first.pk
