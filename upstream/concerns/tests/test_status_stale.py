"""A status form left open while someone else moved the concern is refused, not applied.

A leader had the concern page open in a second tab; a colleague (or the same leader, in the first tab)
closed the concern with an explanation; the old tab, still offering "In progress", answered "Status
updated." and reopened it over them. The form now carries the status it was drawn at (`from_status`),
and the API takes the same field; a request without it (an older page, a script) works as before.
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import auth, post
from upstream.concerns.models import Event, Status
from upstream.concerns.tests.helpers import released

CLOSE = {"status": "closed", "explanation": "Float nurse hired; nights covered since Monday."}


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def drawn_at(page: str) -> str:
    """The status the page's status form was drawn at (its hidden field)."""
    found = re.search(r'<input type="hidden" name="from_status" value="([^"]*)"', page)
    assert found, "the status form carries no from_status"
    return found.group(1)


def explanation_box(page: str) -> str:
    found = re.search(r'<textarea name="explanation"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no explanation box"
    return html.unescape(found.group(1)).strip()


def selected_status(page: str) -> str:
    select = re.search(r'<select name="status".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="([^"]+)" selected>', select).group(1)


@pytest.fixture
def concern(org):
    return released(unit=org.ward_a).concern


def test_it_handles_a_stale_tab_by_refusing_to_reopen_what_a_colleague_just_closed(org, concern):
    url = reverse("concerns:detail", args=[concern.pk])
    status_url = reverse("concerns:status", args=[concern.pk])
    leader, colleague = signed_in("leader_a"), signed_in("chair")
    leader.post(status_url, {"status": "in_progress", "from_status": "new"})
    stale = leader.get(url).content.decode()  # tab 2, never reloaded
    assert drawn_at(stale) == "in_progress"

    closed = colleague.post(
        status_url, {**CLOSE, "from_status": drawn_at(colleague.get(url).content.decode())}
    )
    assert closed.status_code == 302

    wrote = "Reopening: the float nurse left after two nights."
    response = leader.post(
        status_url, {"status": "in_progress", "explanation": wrote, "from_status": "in_progress"}
    )
    page = response.content.decode()
    assert response.status_code == 409
    status_form = page.split(f'action="{status_url}"')[1].split("</form>")[0]
    assert (
        "Someone changed this concern's status to Closed since you opened this page; nothing was changed. "
        "Check the thread, then choose again." in html.unescape(status_form)
    )
    assert 'role="alert"' in status_form
    assert "Status updated." not in page
    assert explanation_box(page) == wrote  # what they wrote is kept
    # The page is as it is now: the colleague's explanation in the thread, the form drawn at Closed.
    assert "Float nurse hired; nights covered since Monday." in html.unescape(page)
    assert drawn_at(page) == "closed" and selected_status(page) == "in_progress"
    concern.refresh_from_db()
    assert concern.status == Status.CLOSED
    assert list(Event.objects.filter(kind=Event.Kind.STATUS).values_list("to_status", flat=True)) == [
        "in_progress",
        "closed",
    ]

    # Having read the thread, the leader can still reopen it, deliberately, from the refreshed form.
    again = leader.post(
        status_url,
        {"status": "in_progress", "explanation": wrote, "from_status": drawn_at(page)},
        follow=True,
    )
    assert "Status updated." in again.content.decode()
    concern.refresh_from_db()
    assert concern.status == Status.IN_PROGRESS


def test_it_handles_the_same_leaders_two_tabs_and_a_stale_close_that_lacks_its_explanation(org, concern):
    """Told that the page is out of date before being told to write an explanation for it."""
    status_url = reverse("concerns:status", args=[concern.pk])
    leader = signed_in("leader_a")
    tab = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert drawn_at(tab) == "new"
    leader.post(status_url, {"status": "acknowledged", "from_status": "new"})
    response = leader.post(status_url, {"status": "closed", "from_status": drawn_at(tab)})
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "status to Acknowledged since you opened this page" in page
    assert "needs an explanation" not in page
    concern.refresh_from_db()
    assert concern.status == Status.ACKNOWLEDGED


def test_a_current_form_and_a_form_without_from_status_still_move_the_status(org, concern):
    status_url = reverse("concerns:status", args=[concern.pk])
    leader = signed_in("leader_a")
    fresh = leader.post(status_url, {"status": "in_progress", "from_status": "new"}, follow=True)
    assert "Status updated." in fresh.content.decode()
    old_page = leader.post(status_url, CLOSE, follow=True)  # a page drawn before the field existed
    assert "Status updated." in old_page.content.decode()
    concern.refresh_from_db()
    assert concern.status == Status.CLOSED


def test_the_colleague_and_the_outsider_still_get_a_404(org, concern):
    for username in ("leader_b", "outsider"):
        response = signed_in(username).post(
            reverse("concerns:status", args=[concern.pk]), {"status": "in_progress", "from_status": "closed"}
        )
        assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == Status.NEW


def test_it_handles_a_stale_from_status_in_the_api_with_a_409_and_none_as_before(client, org, concern):
    url = f"/api/v1/concerns/{concern.pk}/status"
    assert (
        post(client, url, {"status": "acknowledged", "from_status": "new"}, **auth(org.leader)).status_code
        == 200
    )
    assert post(client, url, {**CLOSE, "from_status": "acknowledged"}, **auth(org.chair)).status_code == 200
    stale = post(client, url, {"status": "in_progress", "from_status": "acknowledged"}, **auth(org.leader))
    assert (stale.status_code, stale.json()["detail"]) == (
        409,
        "This concern is now closed, not acknowledged as you last read it: someone changed its status "
        "since. Nothing was changed; read it again, then choose.",
    )
    concern.refresh_from_db()
    assert concern.status == Status.CLOSED
    unknown = post(client, url, {"status": "in_progress", "from_status": "reopened"}, **auth(org.leader))
    assert unknown.status_code == 400
    # Without from_status the API moves it from wherever it is, as it always did.
    assert post(client, url, {"status": "in_progress"}, **auth(org.leader)).status_code == 200
    concern.refresh_from_db()
    assert concern.status == Status.IN_PROGRESS
    assert (
        post(client, url, {"status": "closed", "from_status": "closed"}, **auth(org.outsider)).status_code
        == 404
    )


def test_the_schema_states_from_status_and_its_409(client, db):
    schema = client.get("/api/openapi.json").json()
    field = schema["components"]["schemas"]["StatusIn"]["properties"]["from_status"]
    assert "409" in field["description"]
    assert "from_status" not in schema["components"]["schemas"]["StatusIn"].get("required", [])
    operation = schema["paths"]["/api/v1/concerns/{concern_id}/status"]["post"]
    assert "from_status" in operation["description"] and "409" in operation["responses"]


def test_a_close_without_explanation_is_refused_at_the_box_offering_only_real_moves(org, concern):
    """After the refusal the list offered every status, the current one too ("cannot move to
    acknowledged"), and the error sat above the form, not at the box to fill in."""
    leader = signed_in("leader_a")
    detail = reverse("concerns:detail", args=[concern.pk])
    leader.post(reverse("concerns:acknowledge", args=[concern.pk]))
    page = leader.get(detail).content.decode()
    refused = leader.post(
        reverse("concerns:status", args=[concern.pk]),
        {"status": "closed", "explanation": "", "from_status": drawn_at(page)},
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    box = re.search(r'<textarea name="explanation"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in box
    assert "Closing a concern needs an explanation for the reporter." in page
    menu = re.search(r'<select name="status"[^>]*>(.*?)</select>', page, re.S).group(1)
    offered = set(re.findall(r'<option value="([^"]+)"', menu))
    assert Status.ACKNOWLEDGED not in offered and Status.CLOSED in offered
    concern.refresh_from_db()
    assert concern.status == Status.ACKNOWLEDGED
