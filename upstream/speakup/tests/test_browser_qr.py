"""A code carried to a phone by its camera: the codes page shows a concern code as a QR code of the
writing page's address with the code after '#'; the phone's browser opens the page with the code
filled in and keeps no trace of it in the address or the history entry. The QR code is read back from
a screenshot with a real barcode reader, as a phone's camera would."""

from __future__ import annotations

import io
import os
import re

import pytest
import zxingcpp
from PIL import Image

from upstream.concerns.models import Concern
from upstream.ops.tests.browser import PHONE, phone_page, require_chromium
from upstream.ops.tests.test_browser_loop import live_org  # noqa: F401 - the fixture
from upstream.speakup.models import SpentToken
from upstream.speakup.tests.helpers import release_all

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEXT = "Handover on our ward runs forty minutes over every night and nobody is paid for it."


def test_a_code_shown_as_a_qr_code_opens_the_writing_page_filled_in_on_a_phone(
    browser,
    live_server,
    live_org,  # noqa: F811
):
    require_chromium()
    base = live_server.url
    computer, errors = phone_page(
        browser.new_context(viewport={"width": 1280, "height": 900}), live_server, "reporter"
    )
    computer.goto(base + "/speak/tokens/")
    computer.get_by_label("How many codes?").select_option("1")
    computer.get_by_role("button", name="Get codes").click()
    computer.get_by_text("Done: new codes saved in this browser: 1.").wait_for()
    code = computer.locator(".token-code").inner_text().strip()
    show = computer.get_by_role("button", name="Show as QR code")
    assert show.get_attribute("aria-expanded") == "false"
    show.press("Enter")  # by keyboard
    figure = computer.locator(".token-qr")
    figure.locator("svg").wait_for()
    assert computer.get_by_role("button", name="Hide the QR code").get_attribute("aria-expanded") == "true"
    assert "Anyone who sees this QR code can use the code" in figure.inner_text()
    [read] = zxingcpp.read_barcodes(Image.open(io.BytesIO(figure.locator("svg").screenshot())))
    assert read.format == zxingcpp.BarcodeFormat.QRCode
    assert read.text == f"{base}/speak/write/#code={code}"
    computer.get_by_role("button", name="Hide the QR code").click()
    assert figure.is_hidden()

    phone_context = browser.new_context(viewport=PHONE)  # another device: no session, no saved codes
    phone, phone_errors = phone_page(phone_context, live_server)
    phone.goto(read.text)
    field = phone.get_by_label("Your speak-up code")
    assert field.input_value() == code
    # The code left the address bar and this Back/Forward entry (the server never received it).
    assert phone.evaluate("window.location.href") == f"{base}/speak/write/"
    assert code not in phone.evaluate("window.location.hash")
    phone.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    phone.get_by_label(re.compile("Where does this happen")).select_option(str(live_org.medicine.pk))
    phone.get_by_role("button", name="Submit with this code").click()
    phone.locator("#receipt-code").wait_for()
    assert SpentToken.objects.count() == 1
    release_all()
    assert Concern.objects.get().text == TEXT
    assert errors == [] and phone_errors == []
    phone_context.close()


def test_a_survey_code_shown_as_a_qr_code_opens_its_surveys_page_filled_in(
    browser, live_server, transactional_db, answers_released_singly
):
    from conftest import Org
    from upstream.surveys.tests.helpers import office_of, open_wave

    org = Org()
    wave = open_wave(org, office_of(org), units=[org.medicine])
    base = live_server.url
    computer, errors = phone_page(browser.new_context(viewport=PHONE), live_server, "nurse5")
    computer.goto(f"{base}/surveys/{wave.pk}/code/")
    computer.get_by_role("button", name="Get my code").click()
    computer.get_by_text("Done: your code is saved in this browser.").wait_for()
    code = computer.locator(".token-code").inner_text().strip()
    computer.get_by_role("button", name="Show as QR code").click()
    figure = computer.locator(".token-qr")
    assert "it opens this survey with the code filled in" in figure.inner_text()
    [read] = zxingcpp.read_barcodes(Image.open(io.BytesIO(figure.locator("svg").screenshot())))
    assert read.text == f"{base}/surveys/{wave.pk}/with-code/#code={code}"

    phone_context = browser.new_context(viewport=PHONE)
    phone, phone_errors = phone_page(phone_context, live_server)
    phone.goto(read.text)
    assert phone.locator("#code").input_value() == code
    assert phone.evaluate("window.location.href") == f"{base}/surveys/{wave.pk}/with-code/"
    assert errors == [] and phone_errors == []
    phone_context.close()
