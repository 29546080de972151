"""An anonymous story is read by the crisis screen while its writer waits. What the screen found
goes back to the writer's page and nowhere else: a dump and the logs after a story in crisis words
look like those after an ordinary one (one sealed intake row of one size, due at the same batch)."""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import reverse

from upstream.intake.models import IntakeEntry
from upstream.privacy.tests.test_anonymity import ADDRESS, AGENT, dump, written

CRISIS = "After the third night in a row I don't want to wake up tomorrow, and I told nobody."
ORDINARY = "The night Mrs. K's daughter made it in time, and the whole unit held the door open."


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def share(client, org, text: str):
    return client.post(
        reverse("community:stories"),
        {"title": "Nights", "text": text, "unit": str(org.medicine.pk), "anonymous": "on"},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )


def test_an_anonymous_story_in_crisis_words_stores_and_logs_nothing_about_its_writer(client, org, logs):
    client.force_login(org.reporter)
    before = dump()
    logs.clear()
    page = share(client, org, CRISIS)
    assert page.status_code == 200 and "988" in page.content.decode()  # the writer saw the lines
    api = client.post(
        "/api/v1/community/stories",
        {"title": "Nights", "text": CRISIS, "unit_id": org.medicine.pk, "anonymous": True},
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    assert api.status_code == 202 and api.json()["crisis"] is True
    changes = written(before, dump())
    assert set(changes) == {"intake_intakeentry"}
    flat = " ".join(" ".join(row) for rows in changes.values() for row in rows)
    for identifier in (org.reporter.username, org.reporter.email, str(org.reporter.pk), ADDRESS, AGENT):
        assert identifier not in logs.text, identifier
    for identifier in (org.reporter.username, org.reporter.email, ADDRESS, AGENT, "wake up", "crisis"):
        assert identifier not in flat, identifier
    assert "wake up" not in logs.text and "crisis" not in logs.text.lower()
    assert [r.getMessage() for r in logs.records if r.name == "upstream.requests"] == []
    flagged = list(IntakeEntry.objects.values_list("kind", "release_at", "lookup"))
    share(client, org, ORDINARY)
    rows = list(IntakeEntry.objects.values_list("kind", "release_at", "lookup", "sealed"))
    assert len(rows) == 3
    # Same kind, same batch, no lookup, same sealed size: nothing tells the flagged ones apart.
    assert {(kind, at, lookup) for kind, at, lookup, _ in rows} == set(flagged)
    assert len({len(bytes(sealed)) for *_, sealed in rows}) == 1


def test_a_story_sent_twice_from_one_page_adds_only_one_spent_key_that_names_nobody(client, org, logs):
    """The stories form's one-time key is the concern form's: an HMAC of a random key and a day."""
    client.force_login(org.reporter)
    page = client.get(reverse("community:stories")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    form = {
        "title": "Nights",
        "text": CRISIS,
        "unit": str(org.medicine.pk),
        "anonymous": "on",
        "form_key": key,
    }
    before = dump()
    logs.clear()
    first = client.post(reverse("community:stories"), form, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    again = client.post(reverse("community:stories"), form, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    assert first.status_code == 200 and again.status_code == 409 and "988" in again.content.decode()
    changes = written(before, dump())
    assert set(changes) == {"intake_intakeentry", "intake_usedformkey"}
    assert len(changes["intake_intakeentry"]) == 1 and len(changes["intake_usedformkey"]) == 1
    flat = " ".join(" ".join(row) for rows in changes.values() for row in rows)
    for identifier in (org.reporter.username, org.reporter.email, ADDRESS, AGENT, key, "wake up", "crisis"):
        assert identifier not in flat, identifier
    assert key not in logs.text and "wake up" not in logs.text


def test_an_anonymous_story_in_crisis_words_is_marked_urgent_only_at_its_release(
    client, org, logs, django_capture_on_commit_callbacks
):
    """The moderators are told, but from the release on: the flag is read again from the released
    text, so the row and the email carry the batch's time, never the moment of writing."""
    from django.core import mail

    from upstream.community.models import Story
    from upstream.community.tests.factories import make_office
    from upstream.intake.services import release_due

    office = make_office(org.chair)
    client.force_login(org.reporter)
    with django_capture_on_commit_callbacks(execute=True):
        share(client, org, CRISIS)
        share(client, org, ORDINARY)
    assert mail.outbox == []  # nothing is sent while the writer is at work
    with django_capture_on_commit_callbacks(execute=True):
        release_due(everything=True)
    rows = list(Story.objects.values("text", "author", "submitted_on", "moderated_at", "urgent"))
    flagged = next(row for row in rows if row["text"] == CRISIS)
    ordinary = next(row for row in rows if row["text"] == ORDINARY)
    assert flagged["urgent"] and not ordinary["urgent"]
    # Apart from the words and the flag read from them, the two rows are alike.
    same = ("author", "submitted_on", "moderated_at")
    assert [flagged[k] for k in same] == [ordinary[k] for k in same] == [None, flagged["submitted_on"], None]
    assert [m.to for m in mail.outbox] == [[office.email]]
    assert "wake up" not in mail.outbox[0].body and org.reporter.username not in mail.outbox[0].body
    assert "wake up" not in logs.text
