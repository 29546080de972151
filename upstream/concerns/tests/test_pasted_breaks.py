"""Text copied from a PDF is taken as written, its page breaks as line breaks.

A vertical tab, a form feed or a "next line" character comes with text copied from a PDF or a word
processor. None can be stored, and a worried nurse told "It contains an invisible control character"
could not find one she cannot see (a new-user walk): the pages now take them as the line breaks they
stand for (a space in a one-line box). A control character of any other kind is still refused.
"""

from __future__ import annotations

from django.test import Client

from conftest import PASSWORD
from upstream.concerns.models import Concern, Message
from upstream.concerns.services import submit_concern
from upstream.intake.services import release_due
from upstream.speakup.tests.helpers import obtain

PASTED = "Page one of the rota\x0cleaves nights short.\x0bNobody covers breaks.\x85We are exhausted."
AS_WRITTEN = "Page one of the rota\nleaves nights short.\nNobody covers breaks.\nWe are exhausted."


def test_a_concern_pasted_from_a_pdf_is_taken_with_line_breaks(org):
    web = Client()
    web.login(username=org.reporter.username, password=PASSWORD)
    sent = web.post("/speak/", {"text": PASTED, "unit": org.ward_a.pk, "confirmed": "on"})
    assert sent.status_code in (200, 302) and "control character" not in sent.content.decode()
    release_due(everything=True)
    assert Concern.objects.get().text == AS_WRITTEN


def test_speak_up_codes_and_receipt_replies_take_it_too(org):
    [code] = obtain(org.reporter)
    written = Client().post("/speak/write/", {"token": code, "text": PASTED})
    assert "control character" not in written.content.decode()
    done = submit_concern(text="The new rota leaves no one to cover lunches.", unit=org.ward_a)
    replied = Client().post("/receipt/reply", {"receipt": done.receipt, "text": PASTED})
    assert replied.status_code == 200 and "control character" not in replied.content.decode()
    release_due(everything=True)
    assert Concern.objects.filter(text=AS_WRITTEN).exists()
    assert Message.objects.get(author="reporter").text == AS_WRITTEN


def test_another_control_character_is_still_refused_with_the_text_kept(org):
    web = Client()
    web.login(username=org.reporter.username, password=PASSWORD)
    sent = web.post("/speak/", {"text": "Short again\x07 tonight, nobody noticed.", "unit": org.ward_a.pk})
    assert sent.status_code == 400
    assert (
        "invisible control character" in sent.content.decode() and "nobody noticed" in sent.content.decode()
    )
