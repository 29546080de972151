"""Co-sign tokens are got on an explained step, in the browser the person chooses, never as the page opens.

A tester acting as a nurse glanced at /community/shared/ on a ward computer: the page took a
co-sign token for every shared concern into that browser. On her own phone every "This affects me
too: co-sign" button was then greyed out, beside "You have co-signed this one already, or…",
though she had co-signed nothing. Now the page asks for tokens only when "Get my co-signs for this
browser" is pressed (one request for every concern still on offer, as before: never at a single
co-sign, whose issuance and spend would be tied by their timing), and another browser says the
co-sign was given to another browser, with no co-sign button.
"""

from __future__ import annotations

import os
import re

import pytest

from upstream.community.models import SharedConcern
from upstream.community.services import cosigns
from upstream.community.tests.test_browser import community  # noqa: F401 - the fixture
from upstream.concerns.services import submit_concern
from upstream.ops.tests.browser import phone_page
from upstream.speakup.models import Allowance, SignedBlind

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
release_due = pytest.importorskip("upstream.intake.services").release_due

SMALL_PHONE = {"width": 375, "height": 812}
EXPLAINED = "Your co-signs are kept in one browser so that no one can tell who co-signed."
GET = "Get my co-signs for this browser"
FIRST = "To co-sign this one, first get your co-signs for this browser (above)."
ELSEWHERE = "Your co-sign for this concern was given to another browser"
OLD_USED = "You have co-signed this one already"
CO_SIGN = re.compile("This affects me too")


def issued() -> tuple[int, int]:
    """What the server has signed for anyone: tokens counted, and blinded messages signed."""
    return sum(Allowance.objects.values_list("issued", flat=True)), SignedBlind.objects.count()


def open_shared(page, base: str) -> None:
    page.goto(f"{base}/community/shared/")
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    page.wait_for_load_state("networkidle")  # any request the script would make has been made


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


def tab_to(page, selector: str) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_opening_the_cosign_page_issues_nothing_and_the_step_gives_the_tokens_to_one_browser(
    browser,
    live_server,
    community,  # noqa: F811 - the fixture
):
    org, shared, _campaign, _gathering = community
    base = live_server.url
    a, errors_a = phone_page(browser, live_server, "nurse0", viewport=SMALL_PHONE)

    # Browser A: opening the page, its script run to the end, asks for nothing.
    open_shared(a, base)
    assert issued() == (0, 0)
    step = a.locator("[data-cosign-get]")
    assert step.is_visible() and EXPLAINED in step.inner_text()
    card = a.locator(f"#shared-{shared.pk}")
    card.get_by_text(FIRST).wait_for()
    assert card.get_by_role("button", name=CO_SIGN).count() == 0  # no greyed-out "co-sign"
    assert OLD_USED not in a.content()
    assert fits(a)

    # By keyboard: the step's button, then the co-sign button the step makes usable.
    tab_to(a, "[data-cosign-obtain]")
    with a.expect_response("**/community/shared/tokens") as answered:
        a.keyboard.press("Enter")
    assert answered.value.status == 200
    a.get_by_role("status").filter(
        has_text="Your anonymous co-sign tokens are ready in this browser."
    ).wait_for()
    assert not step.is_visible()
    # The button that had the focus is gone: the focus is on the status it was replaced by.
    assert a.evaluate("document.activeElement.matches('[data-cosign-status]')")
    assert issued() == (1, 1)
    assert card.get_by_role("button", name=CO_SIGN).is_enabled()
    assert card.locator("[data-cosign-note]").inner_text() == ""
    assert fits(a)

    # Browser B, the same account (her phone, a private window): no token, no button, and words that
    # say what is known. Opening it asks for nothing either.
    b, errors_b = phone_page(browser, live_server, "nurse0", viewport=SMALL_PHONE)
    open_shared(b, base)
    other = b.locator(f"#shared-{shared.pk}")
    other.get_by_text(ELSEWHERE).wait_for()
    assert other.get_by_role("button", name=CO_SIGN).count() == 0
    assert b.locator("[data-cosign]:enabled:visible").count() == 0
    assert not b.locator("[data-cosign-get]").is_visible()  # nothing left for this browser to get
    assert OLD_USED not in b.content()
    assert issued() == (1, 1)
    assert fits(b)

    # A second concern is shared later: B may get that one (A has not), and still not the first.
    code = submit_concern(
        text="The 4 West break room has had no working fridge for a month.", unit=org.ward_a
    ).receipt
    release_due(everything=True)
    cosigns.offer_for_cosigning(code)
    release_due(everything=True)
    second = SharedConcern.objects.exclude(pk=shared.pk).get()
    cosigns.approve_shared(org.leader, second, "The 4 West break room has had no working fridge for a month.")
    open_shared(b, base)
    assert issued() == (1, 1)
    b.locator(f"#shared-{second.pk}").get_by_text(FIRST).wait_for()
    b.get_by_role("button", name=GET).click()
    b.locator(f"#shared-{second.pk}").get_by_role("button", name=CO_SIGN).wait_for()
    assert issued() == (2, 2)
    other.get_by_text(ELSEWHERE).wait_for()
    assert other.get_by_role("button", name=CO_SIGN).count() == 0

    # Co-signing still works from A, by keyboard, end to end.
    open_shared(a, base)
    assert issued() == (2, 2)
    tab_to(a, f"[data-cosign='{shared.pk}']")
    a.keyboard.press("Enter")
    a.get_by_role("status").filter(has_text="Co-signed. It is counted with the next batch").wait_for()
    # The focus goes to the answer beside the button pressed (gone once used), said there only.
    assert a.evaluate("document.activeElement.matches('[data-cosign-answer]')")
    release_due(everything=True)
    shared.refresh_from_db()
    assert shared.cosigns == 1
    open_shared(a, base)
    card.get_by_text("You co-signed this one, from this browser.").wait_for()
    assert card.get_by_role("button", name=CO_SIGN).count() == 0
    # B still says only what is known; so does A of the second concern, whose token B got.
    open_shared(b, base)
    other.get_by_text(ELSEWHERE).wait_for()
    a.locator(f"#shared-{second.pk}").get_by_text(ELSEWHERE).wait_for()
    assert issued() == (2, 2)
    assert errors_a == [] and errors_b == []
    a.context.close()
    b.context.close()
