"""A progress figure may go down (a setback, a slip put right), but the leader is told so.

Posting 8 where 80 was meant took a published action back on the board staff read, and the page
said only "Update posted." The box now says what the figure is and that empty keeps it; a lower
figure is posted and the confirmation names the fall.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import Action


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def _published(org) -> Action:  # type: ignore[no-untyped-def]
    action = services.create_action(
        org.leader, title="Break cover", description="A float nurse.", scope=org.ward_a
    )
    return services.publish_action(action)


def _post(leader, action: Action, progress: str):  # type: ignore[no-untyped-def]
    page = leader.get(reverse("actions:detail", args=[action.pk])).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page[page.index('id="update"') :]).group(1)
    form = {"text": "Where we are.", "progress": progress, "form_key": key}
    return leader.post(reverse("actions:update", args=[action.pk]), form, follow=True).content.decode()


def test_a_lower_figure_is_posted_and_the_fall_is_named(leader, org):
    action = _published(org)
    assert "Update posted." in _post(leader, action, "80")
    page = _post(leader, action, "8")
    assert "Progress went down from 80% to 8%." in page
    action.refresh_from_db()
    assert action.progress == 8
    assert "Now 8%. Leave empty to keep it." in page  # the box names the figure it would replace


def test_the_same_or_a_higher_figure_or_none_says_only_posted(leader, org):
    action = _published(org)
    for progress in ("40", "40", "", "70"):
        page = _post(leader, action, progress)
        assert "Update posted." in page and "went down" not in page
    action.refresh_from_db()
    assert action.progress == 70


def test_the_fall_is_said_in_spanish(leader, org):
    action = _published(org)
    _post(leader, action, "50")
    leader.cookies["django_language"] = "es"
    page = _post(leader, action, "20")
    assert "El avance bajó del 50% al 20%." in page and "Ahora 20%." in page
