"""A refused reply to the reporter, too short or too long alike: the concern's page with the error at
the box and every character typed kept, answered at once (400). A too-short reply used to redirect
(its draft kept in the session) and a too-long one to stay on the POST address; now both are one
way, and reloading either answer sends nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.models import Message, ReadRecord
from upstream.concerns.tests.helpers import released

SHORT = "Soon"
# A paste past the 5,000 characters, with an ending a silent cut would lose; too long for the
# session cookie the short draft used to wait in.
LONG = "We have asked for a second nurse on nights. " * 120 + "THE END"
WORDS = "We hear you; staffing review Friday."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def box(page: str) -> re.Match:
    found = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no reply box"
    return found


def key(page: str) -> str:
    found = re.search(r'<form[^>]+id="reply".*?name="form_key" value="([^"]+)"', page, re.S)
    assert found, "no one-time key on the reply form"
    return found.group(1)


@pytest.mark.parametrize(("text", "error"), [(SHORT, "at least 10"), (LONG, "5,000 characters or fewer")])
def test_a_refused_reply_shows_the_concern_page_with_the_error_at_the_box_and_the_text_kept(
    leader, org, text, error
):
    concern = released(unit=org.ward_a).concern
    detail = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    response = leader.post(
        reverse("concerns:write", args=[concern.pk]), {"text": text, "form_key": key(detail)}
    )
    page = response.content.decode()
    assert response.status_code == 400  # the same answer for both, no redirect for one of them
    assert f"Concern {concern.reference}" in page and "Conversation with the reporter" in page
    assert re.search(rf'<ul class="errorlist" id="id_text_error"><li>[^<]*{error}[^<]*</li></ul>', page)
    textarea = box(page)
    assert textarea.group(1).strip() == text.strip()  # every character typed, nothing cut
    assert 'aria-invalid="true"' in textarea.group(0) and "id_text_error" in textarea.group(0)
    assert 'id="id_text_helptext"' in page  # the hint the box names in aria-describedby exists
    assert not Message.objects.exists()
    # The page shown with the refusal shows the concern: a read, as the page drawn before it was.
    assert ReadRecord.objects.filter(concern=concern, leader=org.leader, via="page").count() == 2
    # Nothing waits in the session for a later page: the next showing is the plain page.
    assert "id_text_error" not in leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()


@pytest.mark.parametrize("text", [SHORT, LONG])
def test_reloading_a_refused_reply_sends_nothing_and_the_corrected_one_is_sent_once(leader, org, text):
    concern = released(unit=org.ward_a).concern
    detail = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    sent = {"text": text, "form_key": key(detail)}
    refused = leader.post(reverse("concerns:write", args=[concern.pk]), sent)
    # Reload of the answer: the browser sends the same form again, refused again, as it was.
    reloaded = leader.post(reverse("concerns:write", args=[concern.pk]), sent)
    assert refused.status_code == reloaded.status_code == 400
    assert box(reloaded.content.decode()).group(1).strip() == text.strip()
    assert not Message.objects.exists()
    # The corrected reply, from the refused page's form, is sent; sent twice, it is sent once.
    corrected = {"text": WORDS, "form_key": key(refused.content.decode())}
    assert leader.post(reverse("concerns:write", args=[concern.pk]), corrected).status_code == 302
    again = leader.post(reverse("concerns:write", args=[concern.pk]), corrected, follow=True)
    assert "This was already sent. Nothing was sent twice." in again.content.decode()
    assert list(Message.objects.values_list("text", flat=True)) == [WORDS]


def test_a_message_edited_after_back_and_refused_is_not_taken_for_the_one_already_sent(leader, org):
    """Sent, Back (the page with the spent key), a new message too short: the corrected one is a new
    message, not "already sent"."""
    concern = released(unit=org.ward_a).concern
    spent = key(leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode())
    leader.post(reverse("concerns:write", args=[concern.pk]), {"text": WORDS, "form_key": spent})
    refused = leader.post(reverse("concerns:write", args=[concern.pk]), {"text": SHORT, "form_key": spent})
    fresh = key(refused.content.decode())
    assert fresh != spent
    second = "And a float nurse on weekends from March."
    assert (
        leader.post(
            reverse("concerns:write", args=[concern.pk]), {"text": second, "form_key": fresh}
        ).status_code
        == 302
    )
    assert list(Message.objects.order_by("sequence").values_list("text", flat=True)) == [WORDS, second]


def test_a_good_reply_is_still_sent(leader, org):
    concern = released(unit=org.ward_a).concern
    response = leader.post(reverse("concerns:write", args=[concern.pk]), {"text": WORDS})
    assert response.status_code == 302
    assert Message.objects.filter(concern=concern).count() == 1
