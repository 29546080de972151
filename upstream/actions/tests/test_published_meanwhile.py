"""A draft's edit sent after the draft was published keeps what the leader typed.

A unit manager opened /actions/<id>/edit in two tabs, published in the first and typed a new
description in the second: saving it showed the action's page with "A published action cannot be
changed" and the new text was gone. Now the action's page opens at its progress-update box holding
what they typed, with a word on why, and nothing is posted until they press "Post update".
"""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import Action, ActionUpdate
from upstream.lib import refused_forms

NOTICE = "This action was published while you were editing it, so your edit was not saved"
NEW_TEXT = "A float nurse covers every break on nights, from 1 March, on both wards."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def draft(org) -> Action:
    return services.create_action(
        org.leader,
        title="Break cover on nights",
        description="A float nurse covers breaks.",
        scope=org.ward_a,
    )


def update_box(page: str) -> str:
    found = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no progress-update box on the page"
    return html.unescape(found.group(1)).strip()


def edit_in_two_tabs(leader, action: Action, **typed: str):
    """Tab B opens the edit form; tab A publishes; tab B then saves what was typed in it."""
    edit = reverse("actions:edit", args=[action.pk])
    assert leader.get(edit).status_code == 200  # tab B
    published = leader.post(reverse("actions:publish", args=[action.pk]), {"confirmed": "yes"})  # tab A
    assert published.status_code == 302
    body = {"title": action.title, "description": action.description, "scope": str(action.scope_id), **typed}
    return leader.post(edit, body)


def test_the_text_typed_in_a_stale_tab_waits_in_the_update_box(leader, org):
    action = draft(org)
    saved = edit_in_two_tabs(leader, action, description=NEW_TEXT)
    assert saved.status_code == 302
    assert saved["Location"] == reverse("actions:detail", args=[action.pk]) + "#update"

    page = leader.get(saved["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert NOTICE in text and 'id="published-meanwhile"' in text
    assert "nothing is posted until you press “Post update”" in text
    assert update_box(text) == NEW_TEXT
    # Nothing changed, nothing posted: the published words stay, no update went to staff.
    action.refresh_from_db()
    assert action.state == Action.State.PUBLISHED and action.description == "A float nurse covers breaks."
    assert not ActionUpdate.objects.exists()

    # Shown once: a reload is the plain page.
    again = leader.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert NOTICE not in again and update_box(again) == ""

    # The box as drawn posts: its one-time key is fresh.
    key = re.search(r'name="form_key" value="([^"]+)"', text).group(1)
    posted = leader.post(reverse("actions:update", args=[action.pk]), {"text": NEW_TEXT, "form_key": key})
    assert posted.status_code == 302
    assert list(ActionUpdate.objects.values_list("text", flat=True)) == [NEW_TEXT]


def test_a_new_title_is_kept_with_the_text(leader, org):
    action = draft(org)
    saved = edit_in_two_tabs(leader, action, title="Break cover, every night", description=NEW_TEXT)
    page = leader.get(saved["Location"]).content.decode()
    assert update_box(page) == f"Break cover, every night\n\n{NEW_TEXT}"


def test_an_edit_that_changed_no_words_says_so_with_an_empty_box(leader, org):
    action = draft(org)
    saved = edit_in_two_tabs(leader, action, scope=str(org.ward_a.pk))
    page = leader.get(saved["Location"]).content.decode()
    assert NOTICE in page and "If staff should know what changed, post a progress update." in page
    assert update_box(page) == ""


def test_a_long_text_is_shown_at_once_not_kept_in_the_session(leader, org):
    action = draft(org)
    long_text = "The float nurse rota, ward by ward. " * 60
    assert len(long_text) > refused_forms.FITS
    answer = edit_in_two_tabs(leader, action, description=long_text)
    assert answer.status_code == 409
    page = answer.content.decode()
    assert NOTICE in page and update_box(page) == long_text.strip()
    assert not ActionUpdate.objects.exists()


def test_published_between_the_check_and_the_save_keeps_the_text_too(leader, org, monkeypatch):
    """A colleague's publish landing while the edit is being saved: edit_draft refuses under its lock."""
    action = draft(org)
    real_edit = services.edit_draft

    def published_first(action, leader_user, **fields):
        services.publish_action(Action.objects.get(pk=action.pk), leader=org.chair)
        return real_edit(action, leader_user, **fields)

    monkeypatch.setattr(services, "edit_draft", published_first)
    saved = leader.post(
        reverse("actions:edit", args=[action.pk]),
        {"title": action.title, "description": NEW_TEXT, "scope": str(org.ward_a.pk)},
    )
    assert saved.status_code == 302 and saved["Location"].endswith("#update")
    assert update_box(leader.get(saved["Location"]).content.decode()) == NEW_TEXT
    action.refresh_from_db()
    assert action.description == "A float nurse covers breaks."


def test_opening_the_edit_form_of_a_published_action_still_says_why(leader, org):
    action = draft(org)
    services.publish_action(action, leader=org.leader)
    page = leader.get(reverse("actions:edit", args=[action.pk]), follow=True).content.decode()
    assert "A published action cannot be changed: post a progress update instead." in page
