from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import escape

from upstream.community.models import Story
from upstream.community.services import stories
from upstream.community.services.common import CommunityError
from upstream.community.tests.factories import make_office
from upstream.community.tests.page_boxes import area_text, error_at
from upstream.org.models import User

release_due = pytest.importorskip("upstream.intake.services").release_due
TEXT = "The night Mrs. K's daughter made it in time, and the whole unit held the door open for her."


def test_a_named_story_is_seen_only_after_moderation(org):
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    nurse = User.objects.get(username="nurse0")
    assert not stories.stories_for(nurse).exists()
    assert list(stories.stories_for(org.reporter)) == [story]  # the author sees it waiting
    office = make_office(org.chair)
    stories.moderate(office, story.pk, approve=True)
    assert list(stories.stories_for(nurse)) == [story]
    assert not stories.stories_for(org.outsider).exists()
    with pytest.raises(stories.NotFound):
        stories.waiting_for_moderation(nurse)


def test_an_anonymous_story_goes_through_the_intake_with_no_author(org):
    released = stories.share_story(
        org.reporter, title="Anon", text=TEXT, unit=org.medicine, anonymous=True
    ).released_at
    assert not Story.objects.exists()  # nothing visible before the batch
    release_due(everything=True)
    story = Story.objects.get()
    assert story.author is None and story.submitted_on <= released.date()  # the batch day, no time
    buffer = StringIO()
    call_command("dumpdata", "community.story", stdout=buffer)
    row = json.loads(buffer.getvalue())[0]["fields"]
    assert row["author"] is None and "reporter" not in buffer.getvalue()
    with pytest.raises(CommunityError):  # 2 pharmacists: too few to hide among
        stories.share_story(org.reporter, title="Anon", text=TEXT, unit=org.ward_b, anonymous=True)


def test_the_api_and_pages(org, client):
    client.force_login(org.reporter)
    named = client.post(
        "/api/v1/community/stories",
        {"title": "Door", "text": TEXT, "unit_id": org.ward_a.pk},
        content_type="application/json",
    )
    assert named.status_code == 201 and named.json()["status"] == "pending"
    anon = client.post(
        "/api/v1/community/stories",
        {"title": "Door", "text": TEXT, "unit_id": org.medicine.pk, "anonymous": True},
        content_type="application/json",
    )
    assert anon.status_code == 202
    assert client.get("/api/v1/community/stories/moderation").status_code == 404
    client.force_login(make_office(org.chair))
    waiting = client.get("/community/stories/moderate").content.decode()
    assert "Holding" not in waiting and "Door" in waiting
    story_id = named.json()["id"]
    assert client.post(f"/community/stories/moderate/{story_id}", {"decision": "approve"}).status_code == 302
    client.force_login(User.objects.get(username="nurse2"))
    assert "the whole unit held the door" in client.get("/community/stories/").content.decode()


@pytest.mark.parametrize("note", ["Names\x00 a patient", "Names a patient. " * 30])
def test_a_moderation_note_it_refuses_stays_in_its_box(org, client, note):
    """A NUL or over 500 characters was a flash message after a redirect: the note was gone."""
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    client.force_login(make_office(org.chair))
    page = client.post(f"/community/stories/moderate/{story.pk}", {"decision": "reject", "note": note})
    assert page.status_code == 400
    html = page.content.decode()
    assert error_at(html, f"note-{story.pk}").strip()
    assert area_text(html, "note") == escape(note.strip())  # as it would be stored: ends trimmed
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING and not story.moderation_note


def test_the_office_still_declines_a_story_with_a_note_and_outsiders_cannot(org, client):
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    client.force_login(org.outsider)
    refused = client.post(f"/community/stories/moderate/{story.pk}", {"note": "x" * 600})
    assert refused.status_code == 404
    client.force_login(make_office(org.chair))
    done = client.post(
        f"/community/stories/moderate/{story.pk}", {"decision": "reject", "note": "Names a patient."}
    )
    assert done.status_code == 302 and done["Location"] == "/community/stories/moderate"
    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED and story.moderation_note == "Names a patient."


def test_a_declined_story_s_writer_reads_the_office_s_note_and_nobody_else_does(org, client):
    """The office typed why a story was not shared, and it reached no one: the signed writer now
    finds it under "Your stories" and in the API (`mine=true`); another reader never sees it."""
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    client.force_login(make_office(org.chair))
    note = "It names the patient's daughter; could you share it without her name?"
    client.post(f"/community/stories/moderate/{story.pk}", {"decision": "reject", "note": note})
    client.force_login(org.reporter)
    page = client.get("/community/stories/").content.decode()
    assert "Your stories" in page and "Not shared" in page
    assert "could you share it without her name?" in page
    mine = client.get("/api/v1/community/stories?mine=true").json()
    assert [(s["title"], s["status"], s["moderation_note"]) for s in mine] == [
        ("Holding the door", "rejected", note)
    ]
    client.force_login(org.chair)  # the writer's leader, not the office
    assert note not in json.dumps(client.get("/api/v1/community/stories").json())
    assert client.get("/api/v1/community/stories?mine=true").json() == []


def test_the_moderation_list_puts_the_longest_waiting_first_with_its_day(org, client):
    import datetime as dt

    older = stories.share_story(org.reporter, title="Last week", text=TEXT, unit=org.ward_a).story
    Story.objects.filter(pk=older.pk).update(submitted_on=dt.date(2026, 11, 2))
    stories.share_story(org.reporter, title="This morning", text=TEXT, unit=org.ward_a)
    office = make_office(org.chair)
    assert [s.title for s in stories.waiting_for_moderation(office)] == ["Last week", "This morning"]
    client.force_login(office)
    page = client.get("/community/stories/moderate").content.decode()
    assert page.index("Last week") < page.index("This morning")
    assert "Sent 2 Nov 2026" in page
    assert "Anonymous: the writer cannot be told" not in page  # both signed
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/community/stories"]["get"]
    mine = [p for p in operation["parameters"] if p["name"] == "mine"]
    said = mine[0].get("description") or mine[0]["schema"].get("description", "")
    assert "only the stories you shared with your name" in said


def test_the_signed_writer_is_emailed_what_became_of_their_story(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    org.reporter.email = "reporter@example.org"
    org.reporter.save(update_fields=["email"])
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    with django_capture_on_commit_callbacks(execute=True):
        stories.moderate(make_office(org.chair), story.pk, approve=False, note="Please leave out her name.")
    (mail,) = mailoutbox
    assert mail.to == ["reporter@example.org"]
    assert mail.subject == "Your story was not shared: Holding the door"
    assert "Please leave out her name." in mail.body and "Together > Stories" in mail.body


def test_a_storys_day_reads_as_every_other_day_on_the_site(org, client):
    """The pages "Your stories" and the moderation page wrote Django's default "Nov. 27, 2026", where every
    other page writes "27 Nov 2026" (and Spanish "27 nov 2026"; a new-user walk)."""
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    Story.objects.filter(pk=story.pk).update(submitted_on=dt.date(2026, 11, 27))
    client.force_login(org.reporter)
    mine = client.get("/community/stories/").content.decode()
    assert "27 Nov 2026" in mine and "Nov. 27" not in mine
    client.force_login(make_office(org.chair))
    waiting = client.get("/community/stories/moderate").content.decode()
    assert "Sent 27 Nov 2026" in waiting
