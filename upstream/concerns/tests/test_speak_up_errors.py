"""The speak-up form's errors: plain words, in the reader's language, tied to the box they are about."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.models import Receipt


@pytest.fixture
def staff(client, org):
    client.login(username="reporter", password=PASSWORD)
    return client


def textarea(page: str) -> str:
    return re.search(r"<textarea[^>]*>", page).group(0)


def error_list(page: str, field_id: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', page, re.S)
    assert found, f"no error list with id {field_id}_error"
    return found.group(1)


def test_too_short_says_so_plainly_and_keeps_what_was_typed(staff, org):
    response = staff.post(reverse("speak:new"), {"text": "Too few", "unit": org.ward_a.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value" not in page
    assert "Please write a little more, at least 10 characters" in error_list(page, "id_text")
    box = textarea(page)
    assert 'aria-describedby="text-hint id_text_error"' in box and 'aria-invalid="true"' in box
    assert ">Too few</textarea>" in page
    assert f'<option value="{org.ward_a.pk}" selected>' in page
    assert not Receipt.objects.exists()


def test_empty_and_too_long(staff, org):
    page = staff.post(reverse("speak:new"), {"text": "  "}).content.decode()
    assert "Please tell us what is getting in the way." in error_list(page, "id_text")
    assert "This field is required" not in page
    page = staff.post(reverse("speak:new"), {"text": "x" * 5200}).content.decode()
    assert "Please shorten this to 5,000 characters or fewer." in error_list(page, "id_text")
    # By how much: a writer over the limit was not told.
    assert "It has 5,200." in error_list(page, "id_text")


def test_a_box_without_errors_is_not_marked_invalid(staff, org):
    box = textarea(staff.get(reverse("speak:new")).content.decode())
    assert 'aria-describedby="text-hint"' in box and "aria-invalid" not in box


def test_a_choice_that_is_not_offered_is_tied_to_its_menu(staff, org):
    page = staff.post(
        reverse("speak:new"), {"text": "We were short two nurses again.", "role_group": "astronaut"}
    ).content.decode()
    assert "Please choose one of the roles in the list" in error_list(page, "id_role_group")
    select = re.search(r'<select name="role_group"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in select and 'aria-describedby="id_role_group_error"' in select


def test_the_errors_read_in_spanish(staff, org):
    page = staff.post(reverse("speak:new"), {"text": "Poco"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Escriba un poco más, al menos 10 caracteres" in error_list(page, "id_text")
    page = staff.post(reverse("speak:new"), {"text": ""}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cuéntenos qué le está afectando" in error_list(page, "id_text")
    page = staff.post(reverse("speak:new"), {"text": "x" * 5001}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    # Grouped the Spanish way (a no-break space): "5,000" reads as five in Spanish.
    assert "Acorte el texto a 5\u00a0000 caracteres o menos." in error_list(page, "id_text")
    assert "5,000" not in error_list(page, "id_text")
    hint = staff.get(reverse("speak:new"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Entre 10 y 5\u00a0000 caracteres." in hint and "5,000" not in hint


def test_the_speak_up_code_page_says_the_same_and_ties_it_to_the_box(client, org):
    from upstream.speakup.tests.helpers import obtain
    from upstream.speakup.tests.test_pages import write

    [code] = obtain(org.reporter)
    page = write(client, code, text="short").content.decode()
    assert "Please write a little more, at least 10 characters" in error_list(page, "id_text")
    box = re.search(r'<textarea name="text"[^>]*>', page).group(0)
    assert 'aria-describedby="text-hint id_text_error"' in box and 'aria-invalid="true"' in box


def test_a_reporters_reply_and_a_leaders_message_get_plain_words_too(client, org):
    from upstream.concerns.tests.helpers import released
    from upstream.intake import formkeys

    done = released(unit=org.ward_a)
    form = {"receipt": done.receipt, "text": "Hm", "form_key": formkeys.new_key()}
    page = client.post(reverse("receipt:reply"), form, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Escriba un poco más: al menos 10 caracteres." in error_list(page, "id_text")
    client.login(username="leader_a", password=PASSWORD)
    page = client.post(reverse("concerns:write", args=[done.concern.pk]), {"text": ""}).content.decode()
    assert "Please write your message to the reporter." in error_list(page, "id_text")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "It contains a null character, which cannot be stored; please remove it."),
        ("es", "Contiene un carácter nulo, que no se puede guardar; por favor, bórrelo."),
    ],
)
def test_a_null_character_is_named_in_our_words_at_the_box_on_both_writing_pages(
    client, org, language, message
):
    """A NUL pasted from a binary file: not Django's "Null characters are not allowed.", and the rest
    of what was written is kept."""
    from upstream.speakup.models import SpentToken
    from upstream.speakup.tests.helpers import obtain

    text = "Handover runs late\x00 every single night."
    [code] = obtain(org.reporter)
    code_page = client.post(
        reverse("speakup:write"), {"token": code, "text": text}, HTTP_ACCEPT_LANGUAGE=language
    )
    client.login(username="reporter", password=PASSWORD)
    signed_in = client.post(
        reverse("speak:new"), {"text": text, "unit": org.ward_a.pk}, HTTP_ACCEPT_LANGUAGE=language
    )
    for response in (code_page, signed_in):
        page = response.content.decode()
        assert response.status_code == 400
        assert "Null characters" not in page
        assert message in error_list(page, "id_text")
        box = re.search(r'<textarea name="text"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in box and "id_text_error" in box
        assert "every single night." in page
    assert code in code_page.content.decode()
    assert not Receipt.objects.exists() and SpentToken.objects.count() == 0


@pytest.mark.parametrize(
    "text",
    [
        "ab\u200bcd" + "\u200b" * 7,  # twelve in the box, five once the invisible ends go
        "e\u0301" * 6,  # twelve code points, six characters (é) once composed, as stored
    ],
)
def test_a_text_short_once_stored_is_refused_at_the_box_in_the_box_s_words(staff, org, text):
    """The box let these through as 12 characters and the service refused them as 5 or 6, in other
    words ("Your text: please write at least 10 characters. It has 5.") and not at the box."""
    response = staff.post(reverse("speak:new"), {"text": text, "unit": org.ward_a.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please write a little more, at least 10 characters" in error_list(page, "id_text")
    assert 'aria-invalid="true"' in textarea(page)
    assert "Your text:" not in page
    assert not Receipt.objects.exists()
