"""A leader's action forms: text the service refuses comes back at its box, never as a server error."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import ActionUpdate


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


@pytest.fixture
def action(org):
    return services.create_action(
        org.leader, title="Break cover", description="A float nurse.", scope=org.ward_a
    )


def _error(page: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert found, f"no error list tied to {field}"
    return found.group(1)


def test_an_update_past_the_limit_is_answered_at_its_box_with_the_text_kept(leader, action):
    """A 5,400-character update answered 500 and lost what was written. Too long for the session
    (signed cookies), it is answered at once."""
    text = "Float nurse hired " * 300
    response = leader.post(reverse("actions:update", args=[action.pk]), {"text": text, "progress": "40"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "5,000" in _error(page, "text")
    box = re.search(r'<textarea name="text"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in box
    assert "Float nurse hired" in page.split(box)[1].split("</textarea>")[0]
    assert ActionUpdate.objects.count() == 0
    # Answered at /updates, the page names its own address, so Reload does not ask to post again.
    assert f'data-after-post="/actions/{action.pk}/"' in page
    assert "data-after-post" not in leader.get(reverse("actions:detail", args=[action.pk])).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "Float nurse hired\x07 for nights", "progress": "40"}, "text", "control character"),
        ({"text": "Float nurse hired for nights", "progress": "140"}, "progress", "100"),
        ({"text": "", "progress": "40"}, "text", "Please fill this in."),
    ],
)
def test_a_refused_update_comes_back_on_the_actions_own_page_so_a_reload_sends_nothing(
    leader, action, data, field, message
):
    """The refusal was drawn at /actions/<id>/updates: reloading it asked to send the form again."""
    detail = reverse("actions:detail", args=[action.pk])
    response = leader.post(reverse("actions:update", args=[action.pk]), data)
    assert response.status_code == 302 and response["Location"] == detail + "#update"
    page = leader.get(detail).content.decode()
    assert message in _error(page, field)
    box = re.search(r'<textarea name="text"[^>]*>([^<]*)</textarea>', page)
    assert box.group(1).strip() == data["text"]  # what was typed is kept
    assert 'value="' + data["progress"] + '"' in page
    again = leader.get(detail).content.decode()
    assert f"id_{field}_error" not in again
    assert ActionUpdate.objects.count() == 0


def test_a_new_actions_too_long_details_are_answered_at_their_box(leader, org):
    data = {"title": "Break cover", "description": "A float nurse. " * 400, "scope": str(org.ward_a.pk)}
    page = leader.post(reverse("actions:new"), data).content.decode()
    assert "5,000" in _error(page, "description")
    assert 'value="Break cover"' in page


def test_a_new_actions_control_character_is_said_at_its_box_not_above_the_form(leader, org):
    data = {"title": "Break\x07 cover", "description": "A float nurse.", "scope": str(org.ward_a.pk)}
    response = leader.post(reverse("actions:new"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "control character" in _error(page, "title")
    assert "nonfield" not in page
    box = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in box
