"""Pages that answer a POST name the address Back and Reload should open instead (data-after-post).

upstream.js puts that address in the page's history entry, so Back and Reload open the form by GET
rather than Chrome's "Confirm Form Resubmission" (test_browser_back_after_post.py,
speakup/tests/test_browser_tester_phone.py). The pages stay no-store, and the address carries no
receipt code. The one-time receipt pages are not marked: Reload there sends the same page again,
which answers with the same receipt and files nothing twice (retries.py).
"""

from __future__ import annotations

import re

from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.services import submit_concern
from upstream.concerns.tests.helpers import released
from upstream.intake import formkeys

TEXT = "We were six nurses short on nights again and nobody could take a break all shift."


def marked(response) -> list[str]:
    return re.findall(r'\bdata-after-post="([^"]*)"', response.content.decode())


def test_every_receipt_page_answering_a_post_names_the_lookup_form(client, org):
    lookup = reverse("receipt:lookup")
    assert marked(client.get(lookup)) == []  # the form itself, by GET
    done = released(unit=org.ward_a)
    thread = client.post(lookup, {"receipt": done.receipt})
    waiting = client.post(lookup, {"receipt": submit_concern(text=TEXT, unit=org.ward_a).receipt})
    refused = client.post(lookup, {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    empty = client.post(lookup, {"receipt": ""})
    form = {"receipt": done.receipt, "text": "Thanks, starting when?", "form_key": formkeys.new_key()}
    replied = client.post(reverse("receipt:reply"), form)
    too_short = client.post(reverse("receipt:reply"), {**form, "text": "ok", "form_key": formkeys.new_key()})
    pages = {"thread": thread, "waiting": waiting, "refused": refused, "empty": empty}
    pages |= {"replied": replied, "too short": too_short}
    assert {name: marked(page) for name, page in pages.items()} == {name: [lookup] for name in pages}
    for page in pages.values():
        assert "no-store" in page["Cache-Control"]
        assert done.receipt not in marked(page)[0]
    # The note the form shows when it is reopened that way is there, hidden until upstream.js says so.
    assert re.search(r"<p class=\"notice\" data-after-post-note hidden>", client.get(lookup).content.decode())


def test_the_writing_page_answering_a_post_names_itself(client, db):
    write = reverse("speakup:write")
    assert marked(client.get(write)) == []
    refused = client.post(write, {"token": "not-a-code", "text": TEXT})
    assert refused.status_code >= 400 and marked(refused) == [write]
    assert "no-store" in refused["Cache-Control"]


def test_the_one_time_receipt_is_not_marked(client, org):
    client.login(username="reporter", password=PASSWORD)
    sent = client.post(reverse("speak:new"), {"text": TEXT, "form_key": formkeys.new_key()})
    assert "receipt-code" in sent.content.decode() and marked(sent) == []
