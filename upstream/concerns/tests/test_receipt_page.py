"""Following a concern with a receipt code, without signing in."""

from __future__ import annotations

from django.urls import reverse

from upstream.concerns import services
from upstream.concerns.models import Message
from upstream.concerns.tests.helpers import released


def test_it_shows_status_leader_messages_and_lets_the_reporter_reply(client, org):
    done = released(unit=org.ward_a)
    services.write_to_reporter(done.concern, org.leader, "Thank you. We are adding a float nurse on nights.")
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt.lower().replace("-", " ")})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Acknowledged" in body
    assert "adding a float nurse" in body
    assert "Dana Okafor" not in body or "Dana" in body  # leader's name shown with their message
    reply = client.post(reverse("receipt:reply"), {"receipt": done.receipt, "text": "Thanks, starting when?"})
    assert "Your reply was sent" in reply.content.decode()
    message = Message.objects.get(author="reporter")
    assert message.leader is None
    done.concern.refresh_from_db()
    assert done.concern.awaiting_leader


def test_a_wrong_code_gets_a_plain_message(client, org):
    response = client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    assert response.status_code == 404
    assert "could not find a concern for that receipt code" in response.content.decode()


def test_repeated_guessing_is_rate_limited(client, org, settings):
    settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = 3
    done = released(unit=org.ward_a)
    for _ in range(3):
        client.post(reverse("receipt:lookup"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    response = client.post(reverse("receipt:lookup"), {"receipt": done.receipt})
    assert response.status_code == 429
    assert "Too many codes" in response.content.decode()


def test_the_code_never_travels_in_a_url(client, org):
    done = released(unit=org.ward_a)
    response = client.get(reverse("receipt:lookup"), {"receipt": done.receipt})
    assert done.concern.text not in response.content.decode()
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert f"?receipt={done.receipt}" not in page
    assert 'action="/receipt/reply"' in page


def test_the_reporter_sees_published_actions_linked_to_the_concern(client, org):
    from upstream.actions import services as actions

    done = released(unit=org.ward_a)
    action = actions.create_action(
        org.leader,
        title="Night float nurse",
        description="A float nurse covers breaks on nights.",
        scope=org.ward_a,
        concern_ids=[str(done.concern.pk)],
    )
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert "Night float nurse" in page  # linked event is visible in the thread
    assert "A float nurse covers breaks" not in page  # drafts are not published
    actions.publish_action(action)
    page = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    assert "A float nurse covers breaks" in page


def test_behind_a_proxy_the_limit_follows_the_address_the_proxy_saw(client, org, settings):
    settings.UPSTREAM_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = 2
    wrong = {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"}
    # A client rotating a spoofed left-most value still counts against the proxy-appended address.
    for spoof in ("1.1.1.1", "2.2.2.2"):
        client.post(reverse("receipt:lookup"), wrong, HTTP_X_FORWARDED_FOR=f"{spoof}, 198.51.100.7")
    limited = client.post(reverse("receipt:lookup"), wrong, HTTP_X_FORWARDED_FOR="3.3.3.3, 198.51.100.7")
    assert limited.status_code == 429
    other = client.post(reverse("receipt:lookup"), wrong, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 404
