"""The API counts text as the pages do: trimmed first, a Windows line break one character.

docs/api.md promised "10 to 5,000 characters after trimming", but the schema checked the length
before trimming, and counted CRLF as two while the pages count it as one (as the browser's
maxlength does). A 5,000-character concern sent with a trailing newline, or with Windows line
breaks, was refused by the API though the page would take it.
"""

from __future__ import annotations

from upstream.actions import services as actions
from upstream.api.tests.test_api import auth, post
from upstream.concerns.models import Concern
from upstream.intake.services import release_due

LINE = "We float to units we were never trained for, every week"  # 55 characters


def test_a_concern_at_the_limit_with_a_trailing_line_break_is_taken_and_stored_trimmed(client, org):
    text = ("x" * 4999) + "."
    response = post(client, "/api/v1/concerns", {"text": text + "\r\n  "}, **auth(org.reporter))
    assert response.status_code == 201, response.json()
    release_due(everything=True)
    assert Concern.objects.get().text == text


def test_windows_line_breaks_count_as_one_character_each(client, org):
    text = "\r\n".join(
        [LINE] * 89
    )  # 4,895 characters and 88 line breaks: 4,983 as the page counts, 5,071 as CRLF
    response = post(client, "/api/v1/concerns", {"text": text}, **auth(org.reporter))
    assert response.status_code == 201, response.json()
    release_due(everything=True)
    assert Concern.objects.get().text == text.replace("\r\n", "\n")
    too_long = post(client, "/api/v1/concerns", {"text": text + "\r\n" + "x" * 100}, **auth(org.reporter))
    assert too_long.status_code == 400


def test_a_text_of_nine_characters_and_spaces_is_refused_by_the_schema_as_too_short(client, org):
    response = post(client, "/api/v1/concerns", {"text": "Too short    "}, **auth(org.reporter))
    assert response.status_code == 400
    assert "at least 10 characters" in response.json()["detail"]


def test_an_action_update_and_a_campaign_count_the_same_way(client, org):
    action = actions.create_action(
        org.leader, title="Break cover", description="A float nurse.", scope=org.ward_a
    )
    text = "\r\n".join([LINE] * 89)
    response = post(client, f"/api/v1/actions/{action.pk}/updates", {"text": text}, **auth(org.leader))
    assert response.status_code in (200, 201), response.json()
    body = {
        "title": "  Night pharmacist  ",
        "kind": "inside",
        # 3,905 characters and 70 line breaks: 3,975 as the page counts, 4,045 as CRLF.
        "statement": "\r\n".join([LINE] * 71),
        "ask": "Fund a second pharmacist.",
        "scope_unit_id": org.ward_a.pk,
    }
    response = post(client, "/api/v1/community/campaigns", body, **auth(org.reporter))
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "Night pharmacist"
