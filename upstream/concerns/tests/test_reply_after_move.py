"""A leader writes to a reporter while a colleague moves the concern out of their units: the reply
is not sent, the page says why in plain words and gives the words back (it was the generic "We could
not find that page", and the reply was lost)."""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns import services
from upstream.concerns.models import Message
from upstream.concerns.tests.helpers import released

REPLY = "Thank you for telling us. We are adding a float nurse for breaks from next week."


def test_a_reply_to_a_concern_moved_away_meanwhile_comes_back_to_copy(client, org):
    concern = released(unit=org.ward_a).concern
    client.login(username="leader_a", password=PASSWORD)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200  # the page is open
    services.move_concern(concern, org.chair, org.ward_b)  # the chair moves it to 5 East meanwhile
    client.login(username="leader_a", password=PASSWORD)
    answer = client.post(reverse("concerns:write", args=[concern.pk]), {"text": REPLY})
    page = answer.content.decode()
    assert answer.status_code == 404
    assert "Your message was not sent" in page and "no longer in your units" in page
    assert f'readonly dir="auto">{REPLY}</textarea>' in page
    assert not Message.objects.filter(concern=concern, text=REPLY).exists()
