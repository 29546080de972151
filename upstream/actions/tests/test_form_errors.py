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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Float nurse hired " * 300, "5,000"),
        ("Float nurse hired\x07 for nights", "control character"),
    ],
)
def test_an_update_the_service_refuses_is_answered_at_its_box_with_the_text_kept(
    leader, action, text, message
):
    """A 5,400-character update or a control character answered 500 and lost what was written."""
    response = leader.post(reverse("actions:update", args=[action.pk]), {"text": text, "progress": "40"})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in _error(page, "text")
    box = re.search(r'<textarea name="text"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in box
    assert "Float nurse hired" in page.split(box)[1].split("</textarea>")[0]
    assert ActionUpdate.objects.count() == 0


def test_a_new_actions_too_long_details_are_answered_at_their_box(leader, org):
    data = {"title": "Break cover", "description": "A float nurse. " * 400, "scope": str(org.ward_a.pk)}
    page = leader.post(reverse("actions:new"), data).content.decode()
    assert "5,000" in _error(page, "description")
    assert 'value="Break cover"' in page
