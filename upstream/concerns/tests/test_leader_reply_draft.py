"""A refused reply to the reporter: the draft and the error come back on the concern's own address,
so reloading the page sends nothing again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.models import Message
from upstream.concerns.tests.helpers import released


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def test_a_refused_reply_redirects_to_the_concern_with_the_draft_and_the_error(leader, org):
    concern = released(unit=org.ward_a).concern
    detail = reverse("concerns:detail", args=[concern.pk])
    response = leader.post(reverse("concerns:write", args=[concern.pk]), {"text": "Soon"})
    assert response.status_code == 302 and response["Location"] == detail + "#reply"
    page = leader.get(detail).content.decode()
    assert re.search(r'<ul class="errorlist" id="id_text_error"><li>[^<]+</li></ul>', page)
    textarea = re.search(r"<textarea[^>]*>([^<]*)</textarea>", page)
    assert textarea.group(1).strip() == "Soon"
    assert 'aria-invalid="true"' in textarea.group(0) and "id_text_error" in textarea.group(0)
    assert 'id="id_text_helptext"' in page  # the hint the box names in aria-describedby exists
    # Reloading is an ordinary GET: nothing is sent, and the error is not shown again.
    again = leader.get(detail).content.decode()
    assert "id_text_error" not in again
    assert not Message.objects.filter(concern=concern).exists()


def test_the_draft_belongs_to_its_concern_only(leader, org):
    first = released(unit=org.ward_a).concern
    second = released("The break room has had no working fridge for a month.", unit=org.ward_a).concern
    leader.post(reverse("concerns:write", args=[first.pk]), {"text": ""})
    other = leader.get(reverse("concerns:detail", args=[second.pk])).content.decode()
    assert "id_text_error" not in other
    page = leader.get(reverse("concerns:detail", args=[first.pk])).content.decode()
    assert "id_text_error" in page


def test_a_good_reply_is_still_sent(leader, org):
    concern = released(unit=org.ward_a).concern
    response = leader.post(
        reverse("concerns:write", args=[concern.pk]), {"text": "We hear you; staffing review Friday."}
    )
    assert response.status_code == 302
    assert Message.objects.filter(concern=concern).count() == 1
