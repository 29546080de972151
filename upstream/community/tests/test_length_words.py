"""A box left empty or written past its limit is answered in our words, at the box.

The thanks box, the receipt box, the speak-up code box and every other PlainForm text box showed
Django's "Ensure this value has at most 280 characters (it has 400)." (in Spanish "Asegúrese de que
este valor tenga menos de 280 caracteres (tiene 400).") and "This field is required.". They now
say what the concern pages say: "Please shorten this to 280 characters or fewer." and "Please fill
this in.", in the reader's language, tied to the box, with what was typed kept.
"""

from __future__ import annotations

import re

from django.urls import reverse

from conftest import PASSWORD

STOCK = (
    "Ensure this value",
    "Asegúrese de que este valor",
    "This field is required",
    "Este campo es obligatorio",
)


def _error(page: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert found, f"no error tied to {field}"
    return found.group(1)


def test_a_thanks_past_280_characters_is_asked_to_be_shortened_in_spanish(client, org):
    client.login(username="reporter", password=PASSWORD)
    text = "Gracias por quedarte toda la noche. " * 11  # 396 characters
    data = {"recipient": f"t{org.ward_a.pk}", "text": text}
    response = client.post(reverse("community:thanks"), data, HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 400
    assert not [stock for stock in STOCK if stock in page]
    assert "Acorte el texto a 280 caracteres o menos." in _error(page, "text")
    assert "Gracias por quedarte toda la noche." in page


def test_a_campaign_sent_with_empty_boxes_is_asked_to_fill_them_in(client, org):
    client.login(username="reporter", password=PASSWORD)
    data = {
        "title": "Night pharmacist",
        "kind": "staffing",
        "statement": "",
        "ask": "",
        "scope": str(org.ward_a.pk),
    }
    response = client.post(reverse("community:campaign_new"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert not [stock for stock in STOCK if stock in page]
    assert "Please fill this in." in _error(page, "statement")
    assert "Please fill this in." in _error(page, "ask")


def test_an_empty_receipt_box_is_asked_to_be_filled_in(client, org):
    response = client.post(reverse("receipt:lookup"), {"receipt": ""}, HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert not [stock for stock in STOCK if stock in page]
    assert "Rellene este campo." in page


def test_an_empty_speak_up_code_box_is_asked_to_be_filled_in(client, org):
    from upstream.speakup.tests.test_pages import write

    page = write(client, "").content.decode()
    assert not [stock for stock in STOCK if stock in page]
    assert "Please fill this in." in _error(page, "token")
