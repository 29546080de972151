"""Upload, review names, confirm: nothing is stored before confirmation, and names never are."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PASSWORD
from upstream.listening.models import ListeningSession, Turn
from upstream.listening.tests.test_transcripts import EXAMPLE

TRANSCRIPT = (
    "Facilitator: When you hear burnout, what comes to mind?\n"
    "Resident 1: Charting at home until midnight, every night, finishing my notes in the EHR\n"
    "after the kids are asleep.\n"
    "Resident 2: After rounds Hartwell yelled at my co-resident in front of the whole team.\n"
    "Hartwell does it weekly.\n"
    "Maria: We are short two nurses on every night shift and nobody backfills.\n"
)


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def _form(org, **extra):
    return {
        "title": "Residents, spring",
        "kind": "focus_group",
        "held_on": "2026-03-10",
        "scope": str(org.ward_a.pk),
        "guide_used": "on",
        "text": TRANSCRIPT,
        **extra,
    }


def _payload(page: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', page).group(1)


def _counts() -> tuple[int, int]:
    return ListeningSession.objects.count(), Turn.objects.count()


def test_it_handles_upload_then_review_without_storing_anything(leader, org):
    response = leader.post(reverse("listening:upload"), _form(org))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Review names before saving" in page
    assert 'value="Hartwell"' in page and 'value="Maria"' in page
    assert "<mark>Hartwell</mark>" in page
    assert _counts() == (0, 0)
    # Not in the server-side session either: only the signed form field carries it.
    assert "Hartwell" not in str(dict(leader.session.items()))


def test_it_handles_confirm_by_redacting_then_storing_coded_turns(leader, org):
    page = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    response = leader.post(
        reverse("listening:confirm"), {"payload": _payload(page), "redact": ["Hartwell", "Maria"]}
    )
    session = ListeningSession.objects.get()
    assert response.status_code == 302 and response.url == reverse("listening:detail", args=[session.pk])
    assert (session.scope, session.created_by, session.held_on, session.guide_used) == (
        org.ward_a,
        org.leader,
        dt.date(2026, 3, 10),
        True,
    )
    turns = list(session.turns.order_by("position"))
    assert [t.speaker_label for t in turns] == ["Facilitator", "Resident 1", "Resident 2", "Speaker 1"]
    assert not any("Hartwell" in t.text or "Maria" in t.text for t in turns)
    assert turns[2].text.count("[name]") == 2
    # Facilitator turns are kept for context but not coded.
    assert turns[0].theme is None and turns[0].secondary == []
    assert turns[1].theme.key == "admin_burden_ehr" and turns[1].score > 0.5
    assert turns[3].theme.key == "workload_staffing"


def test_confirming_the_same_review_twice_records_one_session(leader, org):
    page = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    confirm = {"payload": _payload(page), "redact": ["Hartwell", "Maria"]}
    first = leader.post(reverse("listening:confirm"), confirm)
    turns = Turn.objects.count()
    again = leader.post(reverse("listening:confirm"), confirm)  # a double click, a resent form
    assert _counts() == (1, turns)
    assert again.status_code == 302 and again.url == first.url
    # A new upload of the same transcript is a new review: recorded as its own session.
    page = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    leader.post(reverse("listening:confirm"), {"payload": _payload(page), "redact": ["Hartwell"]})
    assert _counts()[0] == 2


def test_unticked_names_are_kept_and_extra_names_are_redacted(leader, org):
    page = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    leader.post(
        reverse("listening:confirm"),
        {"payload": _payload(page), "redact": ["Hartwell"], "extra_names": "rounds, x"},
    )
    texts = " ".join(Turn.objects.values_list("text", flat=True))
    labels = set(Turn.objects.values_list("speaker_label", flat=True))
    assert "Maria" in labels and "Hartwell" not in texts
    assert "After [name] [name]" not in texts and "After [name]" in texts  # "rounds" went too


def test_a_vtt_file_upload_works(leader, org):
    upload = SimpleUploadedFile("focus-group.vtt", EXAMPLE.read_bytes(), content_type="text/vtt")
    page = leader.post(reverse("listening:upload"), _form(org, text="", file=upload)).content.decode()
    assert 'value="Hartwell"' in page
    leader.post(reverse("listening:confirm"), {"payload": _payload(page), "redact": ["Hartwell"]})
    assert Turn.objects.count() == 22
    assert Turn.objects.filter(theme__key="admin_burden_ehr").count() >= 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"text": "Welcome everyone.\nNurse: hi"}, "line 1: a turn must start with the speaker&#x27;s role"),
        ({"text": ""}, "Add a transcript"),
        ({"text": "", "file": SimpleUploadedFile("t.txt", b"")}, "The submitted file is empty"),
        ({"text": "", "file": SimpleUploadedFile("t.docx", b"Nurse: hi")}, "Upload a .txt or .vtt file"),
        ({"held_on": "2999-01-01"}, "cannot be in the future"),
        # A year typed short was saved and listed as "1 Dec 0202" (a new-user walk).
        ({"held_on": "0202-12-01"}, "Check the year: the date must be in 2000 or later."),
        ({"held_on": "1999-12-31"}, "Check the year: the date must be in 2000 or later."),
    ],
)
def test_it_explains_bad_uploads(leader, org, extra, message):
    response = leader.post(reverse("listening:upload"), _form(org, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == (0, 0)


def test_a_tampered_payload_is_rejected_with_a_clear_message(leader, org):
    page = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    payload = _payload(page)
    tampered = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    response = leader.post(reverse("listening:confirm"), {"payload": tampered, "redact": []})
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert _counts() == (0, 0)


def test_a_payload_signed_for_someone_else_is_rejected(leader, client, org):
    page = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    client.login(username="chair", password=PASSWORD)
    response = client.post(reverse("listening:confirm"), {"payload": _payload(page)})
    assert response.status_code == 400 and "started by someone else" in response.content.decode()
    assert _counts() == (0, 0)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Please choose a unit you lead, or one below it."),
        ("es", "Elija una unidad que usted dirige, o una que dependa de ella."),
    ],
)
def test_only_units_the_leader_leads_can_be_chosen(leader, org, language, message):
    """Another unit (a stale page, a hand-made post) is refused in our words at the menu, with
    everything typed kept."""
    response = leader.post(
        reverse("listening:upload"), _form(org, scope=str(org.ward_b.pk)), HTTP_ACCEPT_LANGUAGE=language
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" not in page and "Escoja una opción válida" not in page
    assert re.search(rf'<ul class="errorlist" id="id_scope_error"><li>{message}</li>', page)
    select = re.search(r'<select name="scope"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in select
    assert 'aria-describedby="id_scope_helptext id_scope_error"' in select
    assert 'value="Residents, spring"' in page and "Charting at home until midnight" in page
    assert _counts() == (0, 0)


def test_a_field_without_errors_points_only_at_its_hint(leader, org):
    page = leader.get(reverse("listening:upload")).content.decode()
    title = re.search(r'<input type="text" name="title"[^>]*>', page).group(0)
    assert 'aria-describedby="id_title_helptext"' in title and "aria-invalid" not in title
    assert 'id="id_title_helptext"' in page


def test_staff_without_a_leader_role_cannot_upload_or_list(client, org):
    client.login(username="reporter", password=PASSWORD)
    assert client.get(reverse("listening:list")).status_code == 404
    assert client.get(reverse("listening:upload")).status_code == 404
    assert client.post(reverse("listening:upload"), _form(org)).status_code == 404
    assert client.post(reverse("listening:confirm"), {"payload": "x"}).status_code == 404
    assert _counts() == (0, 0)


def test_signed_out_visitors_are_sent_to_sign_in(client, org):
    response = client.get(reverse("listening:upload"))
    assert response.status_code == 302 and "login" in response.url


def test_a_transcript_file_holding_a_nul_character_is_refused_with_a_message(leader, org):
    upload = SimpleUploadedFile("t.txt", b"Nurse: we are short \x00 tonight, again and again")
    response = leader.post(reverse("listening:upload"), _form(org, text="", file=upload))
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert _counts() == (0, 0)
