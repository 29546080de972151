"""Text past its limit is refused with the words every box and the API use, and nothing is cut.

A leader's message, a closing explanation, a reporter's reply and a concern all stop at 5,000
characters, an action's title at 200. The boxes carry no `maxlength`, which made the browser drop
the end of a long paste without a word: the server says how long the limit is, with everything that
was typed kept in the box. On the anonymous paths a refused text is stored nowhere and logged
nowhere: it never reaches the intake.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.actions.models import Action, ActionUpdate
from upstream.api.tests.test_api import auth, post
from upstream.concerns import services
from upstream.concerns.models import Concern, Event, Message, Receipt, Status
from upstream.concerns.tests.helpers import released
from upstream.intake import formkeys
from upstream.intake.models import IntakeEntry
from upstream.lib.forms import shorten_to

# A paste past the limit, with an ending a silent cut would lose.
LONG = "We were two nurses short again on nights. " * 143 + "THE END OF THE STORY"  # 6,026
SHORTEN = "Please shorten this to 5,000 characters or fewer."


def boxes(page: str) -> list[str]:
    """Every text box's opening tag: textareas and text inputs."""
    return re.findall(r"<textarea[^>]*>|<input[^>]*type=\"text\"[^>]*>", page)


def kept_in_box(page: str, name: str) -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no box named {name}"
    return found.group(1).strip()


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


@pytest.fixture
def staff(client, org):
    client.login(username="reporter", password=PASSWORD)
    return client


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_it_handles_a_leaders_over_long_message_on_the_page_with_the_text_kept(leader, org):
    concern = released(unit=org.ward_a).concern
    detail = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert not any("maxlength" in box for box in boxes(detail))
    response = leader.post(reverse("concerns:write", args=[concern.pk]), {"text": LONG})
    page = response.content.decode()
    assert response.status_code == 400
    assert SHORTEN in page
    assert kept_in_box(page, "text") == LONG.strip()
    assert not Message.objects.exists()


def test_it_handles_a_leaders_over_long_message_in_the_api_with_the_same_sentence(client, org):
    concern = released(unit=org.ward_a).concern
    response = post(client, f"/api/v1/concerns/{concern.pk}/messages", {"text": LONG}, **auth(org.leader))
    assert response.status_code == 400
    assert response.json()["errors"][0]["msg"] == SHORTEN == shorten_to(5000)
    assert not Message.objects.exists()
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["schemas"]["TextIn"]["properties"]["text"]["maxLength"] == 5000
    assert "400" in schema["paths"]["/api/v1/concerns/{concern_id}/messages"]["post"]["responses"]


def test_the_service_refuses_a_leaders_over_long_message_for_every_caller(org):
    concern = released(unit=org.ward_a).concern
    with pytest.raises(services.ConcernError, match="shorten this to 5,000 characters or fewer"):
        services.write_to_reporter(concern, org.leader, LONG)
    assert not Message.objects.exists()


def test_it_handles_an_over_long_closing_explanation_at_its_box_on_the_page_and_in_the_api(leader, org):
    concern = released(unit=org.ward_a).concern
    response = leader.post(
        reverse("concerns:status", args=[concern.pk]), {"status": "closed", "explanation": LONG}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'id="id_explanation_error"><li>{SHORTEN} It has {len(LONG.strip()):,}.</li>', page)
    assert kept_in_box(page, "explanation") == LONG.strip()
    api = post(
        leader,
        f"/api/v1/concerns/{concern.pk}/status",
        {"status": "closed", "explanation": LONG},
        **auth(org.leader),
    )
    assert api.status_code == 400 and api.json()["errors"][0]["msg"] == SHORTEN
    concern.refresh_from_db()
    assert concern.status != Status.CLOSED and not Event.objects.filter(kind=Event.Kind.STATUS).exists()


def test_it_handles_an_over_long_reporter_reply_with_the_text_kept_and_nothing_queued(client, org, logs):
    done = released(unit=org.ward_a)
    waiting = IntakeEntry.objects.count()
    form = {"receipt": done.receipt, "text": LONG, "form_key": formkeys.new_key()}
    response = client.post(reverse("receipt:reply"), form)
    page = response.content.decode()
    assert response.status_code == 400
    assert SHORTEN in page and kept_in_box(page, "text") == LONG.strip()
    assert not any("maxlength" in box for box in boxes(page))
    assert IntakeEntry.objects.count() == waiting
    assert "THE END OF THE STORY" not in logs.text


def test_it_handles_an_over_long_concern_on_speak_up_keeping_it_all_and_storing_nothing(staff, org, logs):
    form = staff.get(reverse("speak:new")).content.decode()
    assert not any("maxlength" in box for box in boxes(form))
    response = staff.post(reverse("speak:new"), {"text": LONG, "unit": org.ward_a.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please shorten this to 5,000 characters or fewer." in page
    assert kept_in_box(page, "text") == LONG.strip()
    assert not IntakeEntry.objects.exists() and not Receipt.objects.exists() and not Concern.objects.exists()
    assert "THE END OF THE STORY" not in logs.text
    assert not any("THE END" in str(value) for value in staff.session.values())


def test_it_handles_an_over_long_concern_with_a_speak_up_code_the_same_way(client, org, logs):
    from upstream.speakup.models import SpentToken
    from upstream.speakup.tests.helpers import obtain
    from upstream.speakup.tests.test_pages import write

    [code] = obtain(org.reporter)
    client.logout()
    form = client.get(reverse("speakup:write")).content.decode()
    text_box = re.search(r'<textarea name="text"[^>]*>', form)
    assert text_box and "maxlength" not in text_box.group(0)
    response = write(client, code, text=LONG)
    page = response.content.decode()
    assert response.status_code == 400
    assert SHORTEN in page and kept_in_box(page, "text") == LONG.strip()
    assert not IntakeEntry.objects.exists() and not SpentToken.objects.exists()
    assert "THE END OF THE STORY" not in logs.text


def test_it_handles_an_over_long_action_title_and_update_with_what_was_typed_kept(leader, org):
    form = leader.get(reverse("actions:new")).content.decode()
    assert not any("maxlength" in box for box in boxes(form))
    title = "Break cover " * 20 + "AND MORE"  # 248 characters
    response = leader.post(
        reverse("actions:new"),
        {"title": title, "description": LONG, "scope": org.ward_a.pk},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please shorten this to 200 characters or fewer." in page and SHORTEN in page
    assert f'value="{title}"' in page
    assert kept_in_box(page, "description") == LONG.strip()
    assert not Action.objects.exists()
    api = post(
        leader,
        "/api/v1/actions",
        {"title": title, "description": "A float covers breaks.", "scope_unit_id": org.ward_a.pk},
        **auth(org.leader),
    )
    assert api.status_code == 400
    assert api.json()["errors"][0]["msg"] == "Please shorten this to 200 characters or fewer."

    from upstream.actions import services as actions

    action = actions.create_action(
        org.leader, title="Break cover", description="A float covers breaks.", scope=org.ward_a
    )
    detail = leader.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert not any("maxlength" in box for box in boxes(detail))
    response = leader.post(reverse("actions:update", args=[action.pk]), {"text": LONG, "progress": "50"})
    page = response.content.decode()
    assert response.status_code == 400
    assert SHORTEN in page and kept_in_box(page, "text") == LONG.strip()
    assert not ActionUpdate.objects.exists()
