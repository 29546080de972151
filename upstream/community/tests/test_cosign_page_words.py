"""The co-sign page's words for a screen reader and for a newcomer.

"Co-signed. It is counted with the next batch…" was written into a box with no live-region
semantics, so a screen reader said nothing after the co-sign button was pressed. The box now sits
in a region that is always on the page with role="status" (a region that appears together with
its words is often missed). The note under a concern one cannot co-sign here ("You have used your
co-sign for this one, or it waits in the browser where you first opened this page: co-sign there.")
now says what happened and what to do in words a new user follows.

Then a tester acting as a nurse found that sentence false: merely opening the page on a ward
computer took every co-sign token into that browser, and on her own phone every button was greyed
out beside "You have co-signed this one already, or…", though she had co-signed nothing. Tokens are
now got on an explained step ("Get my co-signs for this browser"), never as the page opens, and a
concern whose token went to another browser says just that."""

from __future__ import annotations

import html
import json
import re

from django.urls import reverse

from upstream.community.tests.cosign_helpers import obtain_all
from upstream.community.tests.test_cosigns import nurse, shared_concern
from upstream.speakup.models import Allowance, SignedBlind

OLD_USED = "You have co-signed this one already, or your co-sign waits in the browser"
FIRST = "To co-sign this one, first get your co-signs for this browser (above)."
ELSEWHERE = (
    "Your co-sign for this concern was given to another browser (the one where you got your co-signs): "
    "co-sign there, if you have not already."
)
EXPLAINED = (
    "Your co-signs are kept in one browser so that no one can tell who co-signed. Use the browser you will "
    "co-sign from: your own phone is a good choice."
)


def issued() -> tuple[int, int]:
    """What the server has signed for anyone: tokens counted, and blinded messages signed."""
    return sum(Allowance.objects.values_list("issued", flat=True)), SignedBlind.objects.count()


def attribute(text: str, name: str) -> str:
    return html.unescape(re.search(rf'{name}="([^"]*)"', text).group(1))


def test_the_co_sign_status_box_is_inside_a_polite_live_region(org, client):
    client.force_login(org.reporter)
    page = client.get(reverse("community:shared"))
    assert page.status_code == 200
    text = page.content.decode()
    region = re.search(r'<div role="status" aria-live="polite"[^>]*>(.*?)</div>', text, re.S)
    assert region, "no live region on the page"
    # The box the script writes "Co-signed…" into is inside it, hidden until then.
    assert re.fullmatch(r'<p class="notice" data-cosign-status hidden></p>', region.group(1))
    assert text.count("data-cosign-status") == 1


def test_the_notes_say_what_is_known_and_never_that_she_co_signed(org, client):
    client.force_login(org.reporter)
    text = client.get(reverse("community:shared")).content.decode()
    assert attribute(text, "data-msg-first") == FIRST
    assert attribute(text, "data-msg-elsewhere") == ELSEWHERE
    assert OLD_USED not in text and "data-msg-used" not in text


def test_opening_the_page_issues_no_token_and_explains_the_step_that_does(org, client):
    shared, _ = shared_concern(org, org.ward_a)
    client.force_login(nurse(0))
    before = issued()
    page = client.get(reverse("community:shared"))
    assert page.status_code == 200
    text = page.content.decode()
    assert issued() == before == (0, 0)
    # The step, hidden until the script finds this browser can still get a token; its button is
    # the only way the page asks for them.
    step = re.search(r"<section[^>]*data-cosign-get[^>]*>(.*?)</section>", text, re.S)
    assert step and " hidden" in step.group(0).split(">")[0]
    assert EXPLAINED in html.unescape(step.group(1))
    assert re.search(
        r"<button[^>]*data-cosign-obtain[^>]*>Get my co-signs for this browser</button>", step.group(1)
    )
    # Still on offer to her, with the key her browser blinds for.
    offers = json.loads(re.search(r'<script id="cosign-offers"[^>]*>(.*?)</script>', text, re.S).group(1))
    assert [o["purpose"] for o in offers] == [shared.purpose]
    # No co-sign button shows (greyed out or not) before the script knows this browser holds a token.
    button = re.search(rf'<button[^>]*data-cosign="{shared.pk}"[^>]*>', text).group(0)
    assert " hidden" in button and " disabled" in button


def test_once_her_tokens_went_to_a_browser_the_page_offers_them_no_more(org, client):
    """What tells the script "given to another browser": the concern is on the page but not on offer."""
    shared, _ = shared_concern(org, org.ward_a)
    obtain_all(nurse(0))  # pressed "Get my co-signs" in another browser
    client.force_login(nurse(0))
    before = issued()
    text = client.get(reverse("community:shared")).content.decode()
    assert issued() == before
    offers = json.loads(re.search(r'<script id="cosign-offers"[^>]*>(.*?)</script>', text, re.S).group(1))
    assert offers == []
    assert re.search(rf'<button[^>]*data-cosign="{shared.pk}"[^>]*>', text)
